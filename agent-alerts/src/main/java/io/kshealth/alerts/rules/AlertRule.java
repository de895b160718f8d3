package io.kshealth.alerts.rules;

import io.kshealth.alerts.expr.Condition;
import io.kshealth.alerts.expr.Template;
import java.time.Duration;
import java.util.Map;

/**
 * One alerting rule, loaded and compiled.
 *
 * @param group the name of the group it is in
 * @param name the alert's name ({@code alertname})
 * @param selector the series it watches: one alert instance per label set
 * @param condition true while the alert is active
 * @param exprSource the condition as written, for the API and logs
 * @param forDuration how long the condition must hold before the alert fires
 * @param keepFiringFor how long a firing alert goes on firing once the condition stops holding
 * @param labels added to (and overriding) the series' labels; one set to "" removes that label
 * @param annotations templates rendered at each evaluation
 * @param origin {@code file:line} of the rule, for messages
 */
public record AlertRule(
    String group,
    String name,
    SeriesSelector selector,
    Condition condition,
    String exprSource,
    Duration forDuration,
    Duration keepFiringFor,
    Map<String, String> labels,
    Map<String, Template> annotations,
    String origin) {

  public AlertRule {
    labels = Map.copyOf(labels);
    annotations = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(annotations));
  }
}
