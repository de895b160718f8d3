package io.kshealth.alerts.api;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One alert as notifiers send it: firing (no end) or resolved (ended at a time).
 *
 * @param labels the alert's identity: the series' labels, the rule's labels and {@code alertname}
 * @param annotations rendered at the last evaluation
 * @param startsAt when the alert started firing
 * @param endedAt when it resolved; empty while firing
 * @param generatorUrl where the alert came from (the agent's alerts endpoint)
 */
public record AlertMessage(
    Map<String, String> labels,
    Map<String, String> annotations,
    Instant startsAt,
    Optional<Instant> endedAt,
    String generatorUrl) {

  public AlertMessage {
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
  }

  public boolean firing() {
    return endedAt.isEmpty();
  }

  public String alertName() {
    return labels.getOrDefault("alertname", "");
  }
}
