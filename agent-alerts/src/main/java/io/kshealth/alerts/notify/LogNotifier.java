package io.kshealth.alerts.notify;

import io.kshealth.alerts.api.AlertMessage;
import io.kshealth.alerts.api.Notifier;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The agent's own log: a WARN line when an alert fires, an INFO line when it resolves, naming the
 * stuck thread and where it stopped when evidence says so. Nothing to deliver to, so it never
 * fails.
 */
final class LogNotifier implements Notifier {

  private static final Logger LOG = LoggerFactory.getLogger("io.kshealth.alerts");

  /** The evidence annotations the line names (docs/evidence.md). */
  private static final List<String> EVIDENCE_KEYS = List.of("stuck_thread", "stopped_at");

  private final String name;

  LogNotifier(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String describe() {
    return "log";
  }

  @Override
  public boolean resendsActive() {
    return false;
  }

  /** Where it is stuck, when evidence says so: the thread and the partition, not the frames. */
  private static String evidence(AlertMessage a) {
    StringBuilder b = new StringBuilder();
    for (String key : EVIDENCE_KEYS) {
      String value = a.annotations().get(key);
      if (value != null) {
        b.append(' ').append(key).append('=').append(value);
      }
    }
    return b.toString();
  }

  @Override
  public void send(List<AlertMessage> batch) {
    for (AlertMessage a : batch) {
      Map<String, String> labels = new TreeMap<>(a.labels());
      labels.remove("alertname");
      String severity = labels.remove("severity");
      LOG.atLevel(a.firing() ? Level.WARN : Level.INFO)
          .log(
              "alert {}: {} severity={} labels={} summary={}{}",
              a.firing() ? "firing" : "resolved",
              a.alertName(),
              severity == null ? "none" : severity,
              labels,
              a.annotations().getOrDefault("summary", ""),
              evidence(a));
    }
  }
}
