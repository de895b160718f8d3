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
 * The agent's own log: a WARN line when an alert fires, an INFO line when it resolves. Nothing to
 * deliver to, so it never fails.
 */
final class LogNotifier implements Notifier {

  private static final Logger LOG = LoggerFactory.getLogger("io.kshealth.alerts");

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

  @Override
  public void send(List<AlertMessage> batch) {
    for (AlertMessage a : batch) {
      Map<String, String> labels = new TreeMap<>(a.labels());
      labels.remove("alertname");
      String severity = labels.remove("severity");
      LOG.atLevel(a.firing() ? Level.WARN : Level.INFO)
          .log(
              "alert {}: {} severity={} labels={} summary={}",
              a.firing() ? "firing" : "resolved",
              a.alertName(),
              severity == null ? "none" : severity,
              labels,
              a.annotations().getOrDefault("summary", ""));
    }
  }
}
