package io.kshealth.alerts.notify;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The agent's log: WARN when an alert fires, INFO when it resolves. Never fails. */
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
      String summary = a.annotations().getOrDefault("summary", "");
      if (a.firing()) {
        LOG.warn("alert firing: {} {} {}", a.alertName(), labels, summary);
      } else {
        LOG.info("alert resolved: {} {} {}", a.alertName(), labels, summary);
      }
    }
  }
}
