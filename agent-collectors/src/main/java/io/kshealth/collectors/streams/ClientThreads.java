package io.kshealth.collectors.streams;

import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.Snapshot;
import io.kshealth.collectors.support.streams.ClientReading;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** Each present client's identity and its stream threads against the number expected. */
final class ClientThreads {

  static final Metric INFO =
      Metric.gauge(
          "kshealth_streams_client_info",
          "Always 1; the labels carry the client's Kafka Streams version and metrics recording"
              + " level (sensors above that level read 0 or NaN, which is not idleness).");
  static final Metric ALIVE =
      Metric.gauge("kshealth_streams_client_alive_threads", "Stream threads alive in the client.");
  static final Metric FAILED =
      Metric.counter(
          "kshealth_streams_client_failed_threads_total",
          "Stream threads of the client that died since it started.");
  static final Metric EXPECTED =
      Metric.gauge(
          "kshealth_streams_client_expected_threads",
          "Stream threads the client should have: as configured, else the most seen alive.");

  private final OptionalInt expected;
  private final Map<String, Integer> mostAlive = new HashMap<>();

  ClientThreads(OptionalInt expected) {
    this.expected = expected;
  }

  void report(Snapshot.Builder out, List<ClientReading> clients) {
    // Client ids change with every restart: keep only the present ones'.
    mostAlive.keySet().retainAll(clients.stream().map(c -> c.client().clientId()).toList());
    for (ClientReading c : clients) {
      Labels labels = c.client().labels();
      out.add(
          INFO,
          labels
              .and("version", c.version().orElse("unknown"))
              .and("recording_level", c.recordingLevel().orElse("unknown")),
          1);
      c.failedThreads().ifPresent(n -> out.add(FAILED, labels, n));
      if (c.aliveThreads().isPresent()) {
        int alive = (int) c.aliveThreads().getAsDouble();
        out.add(ALIVE, labels, alive);
        mostAlive.merge(c.client().clientId(), alive, Math::max);
      }
      Integer most = mostAlive.get(c.client().clientId());
      if (expected.isPresent() || most != null) {
        out.add(EXPECTED, labels, expected.orElseGet(() -> most));
      }
    }
  }
}
