package io.kshealth.alerts.engine;

import io.kshealth.api.Labels;
import java.util.Map;

/**
 * A view of one alert instance after an evaluation.
 *
 * @param rule the rule's name
 * @param labels the alert's identity: series labels, rule labels and {@code alertname}
 * @param state pending or firing; inactive for a resolved alert still being reported
 * @param value the series' value at the last evaluation where it had one
 * @param annotations rendered at the last evaluation where the condition was known
 * @param activeAtMillis when the condition first held (start of {@code for})
 * @param firedAtMillis when it started firing; 0 if it has not
 * @param resolvedAtMillis when it resolved; 0 if it has not
 */
public record Alert(
    String rule,
    Labels labels,
    AlertState state,
    double value,
    Map<String, String> annotations,
    long activeAtMillis,
    long firedAtMillis,
    long resolvedAtMillis) {}
