package io.kshealth.alerts.engine;

import io.kshealth.api.Labels;
import java.util.Map;

/**
 * The mutable state of one alert instance (one rule, one label set), owned by the engine's
 * evaluation thread. Field names follow Prometheus' {@code rules.Alert}.
 */
final class AlertInstance {

  final Labels labels;
  AlertState state;
  double value;
  Map<String, String> annotations;
  long activeAtMillis;
  long firedAtMillis;
  long resolvedAtMillis;

  /** When the condition stopped holding while firing under keep_firing_for; 0 while it holds. */
  long keepFiringSinceMillis;

  AlertInstance(Labels labels, long activeAtMillis) {
    this.labels = labels;
    this.state = AlertState.PENDING;
    this.activeAtMillis = activeAtMillis;
    this.annotations = Map.of();
  }

  Alert view(String rule) {
    return new Alert(
        rule, labels, state, value, annotations, activeAtMillis, firedAtMillis, resolvedAtMillis);
  }
}
