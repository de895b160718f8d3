package io.kshealth.demo;

import io.kshealth.demo.driver.Series;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What the agent's {@code streams} collector sees of the sample app, as one line of the demo's
 * output: printed when it changes in substance (target state, client state, restoring or not), and
 * every so often anyway, so the numbers can be watched moving.
 */
final class AgentView {

  private static final double MIB = 1024 * 1024;

  private String lastKey;
  private long lastPrintMillis;

  /** The line to print now, or empty. */
  Optional<String> next(List<Series> metrics, long nowMillis, long everyMillis) {
    if (metrics.stream().noneMatch(s -> s.name().equals("kshealth_target_state"))) {
      return Optional.empty();
    }
    String target = oneHot(metrics, "kshealth_target_state", "state").orElse("?");
    String client = oneHot(metrics, "kshealth_streams_client_state", "state").orElse("none yet");
    double remaining = sum(metrics, "kshealth_streams_restore_remaining_records").orElse(0.0);
    String key = target + "/" + client + "/" + (remaining > 0);
    if (key.equals(lastKey) && nowMillis - lastPrintMillis < everyMillis) {
      return Optional.empty();
    }
    lastKey = key;
    lastPrintMillis = nowMillis;
    List<String> parts = new ArrayList<>();
    parts.add("agent sees: target " + target);
    if (target.equals("up")) {
      parts.add(
          "client "
              + client
              + sum(metrics, "kshealth_streams_client_state_seconds")
                  .map(s -> String.format(Locale.ROOT, " for %.0fs", s))
                  .orElse(""));
      add(parts, "threads %.0f", sum(metrics, "kshealth_streams_client_alive_threads"));
      add(parts, "poll ratio %.3f", max(metrics, "kshealth_streams_thread_poll_interval_ratio"));
      if (remaining > 0) {
        add(parts, "restoring %.0f records", Optional.of(remaining));
        add(parts, "ETA %.0fs", sum(metrics, "kshealth_streams_restore_eta_seconds"));
      }
      add(parts, "RocksDB %.1f MiB", sum(metrics, "kshealth_rocksdb_client_memory_bytes"), MIB);
      add(parts, "off-heap %.0f MiB", sum(metrics, "kshealth_target_offheap_estimate_bytes"), MIB);
      add(parts, "headroom %.0f MiB", sum(metrics, "kshealth_target_memory_headroom_bytes"), MIB);
    }
    oneHot(metrics, "kshealth_lag_status", "status").ifPresent(s -> parts.add("lag " + s));
    add(parts, "%.0f records", sum(metrics, "kshealth_lag_total_records"));
    add(parts, "max %.1fs", max(metrics, "kshealth_lag_max_seconds"));
    return Optional.of(String.join(", ", parts));
  }

  private static void add(List<String> parts, String format, Optional<Double> value) {
    add(parts, format, value, 1);
  }

  private static void add(List<String> parts, String format, Optional<Double> value, double unit) {
    value.ifPresent(v -> parts.add(String.format(Locale.ROOT, format, v / unit)));
  }

  /** The label value of the sample that is 1 among a one-hot metric's. */
  private static Optional<String> oneHot(List<Series> metrics, String name, String label) {
    return metrics.stream()
        .filter(s -> s.name().equals(name) && s.value() == 1)
        .map(s -> s.labels().get(label))
        .filter(Objects::nonNull)
        .findFirst();
  }

  private static Optional<Double> sum(List<Series> metrics, String name) {
    List<Series> found = metrics.stream().filter(s -> s.name().equals(name)).toList();
    return found.isEmpty()
        ? Optional.empty()
        : Optional.of(found.stream().mapToDouble(Series::value).sum());
  }

  private static Optional<Double> max(List<Series> metrics, String name) {
    return metrics.stream()
        .filter(s -> s.name().equals(name))
        .map(Series::value)
        .max(Double::compare);
  }
}
