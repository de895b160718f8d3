package io.kshealth.alerts.notify;

import io.kshealth.alerts.api.AlertMessage;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Alerts as the engine hands them to notifiers, for the notifier tests. */
final class Alerts {

  static final Instant STARTED = Instant.parse("2026-11-22T10:00:00.250Z");
  static final Instant RESOLVED = Instant.parse("2026-11-22T10:23:00.250Z");
  static final String GENERATOR = "http://agent:19418/api/v1/alerts";

  private Alerts() {}

  static AlertMessage firing(Map<String, String> labels, Map<String, String> annotations) {
    return new AlertMessage(labels, annotations, STARTED, Optional.empty(), GENERATOR);
  }

  static AlertMessage resolved(Map<String, String> labels, Map<String, String> annotations) {
    return new AlertMessage(labels, annotations, STARTED, Optional.of(RESOLVED), GENERATOR);
  }

  /** An EBS volume running out of burst credits, one per volume. */
  static Map<String, String> ebs(String volume) {
    return Map.of(
        "alertname", "EbsBurstCreditsRunningOut", "severity", "critical", "volume", volume);
  }

  static Map<String, String> ebsAnnotations(String volume) {
    return Map.of(
        "summary",
        "Volume " + volume + " runs out of burst credits",
        "runbook_url",
        "https://runbooks.example.com/ebs");
  }
}
