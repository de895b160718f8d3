package io.kshealth.alerts.rules;

import io.kshealth.alerts.expr.Condition;
import io.kshealth.alerts.expr.Template;
import io.kshealth.alerts.query.SeriesQuery;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One alerting rule, loaded and compiled.
 *
 * @param group the name of the group it is in
 * @param name the alert's name ({@code alertname})
 * @param series the series it watches: one alert instance per label set (per group when it
 *     aggregates)
 * @param condition true while the alert is active
 * @param exprSource the condition as written, for the API and logs
 * @param forDuration how long the condition must hold before the alert fires
 * @param keepFiringFor how long a firing alert goes on firing once the condition stops holding
 * @param labels added to (and overriding) the series' labels; one set to "" removes that label
 * @param annotations templates rendered at each evaluation
 * @param evidence the kinds of evidence ({@code threads}, {@code stopped-at}) captured when an
 *     instance goes pending (docs/evidence.md); empty: none
 * @param origin {@code file:line} of the rule, for messages
 * @param recording a recording rule ({@code record:}): {@code name} is the series it writes, each
 *     evaluation, under the series' labels and {@code labels}; it has no condition of its own
 *     (always true) and no alerts
 */
public record AlertRule(
    String group,
    String name,
    SeriesQuery series,
    Condition condition,
    String exprSource,
    Duration forDuration,
    Duration keepFiringFor,
    Map<String, String> labels,
    Map<String, Template> annotations,
    Set<String> evidence,
    String origin,
    boolean recording) {

  public AlertRule {
    labels = Map.copyOf(labels);
    evidence = Collections.unmodifiableSet(new LinkedHashSet<>(evidence));
    annotations = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(annotations));
  }

  /** An alerting rule. */
  public AlertRule(
      String group,
      String name,
      SeriesQuery series,
      Condition condition,
      String exprSource,
      Duration forDuration,
      Duration keepFiringFor,
      Map<String, String> labels,
      Map<String, Template> annotations,
      Set<String> evidence,
      String origin) {
    this(
        group,
        name,
        series,
        condition,
        exprSource,
        forDuration,
        keepFiringFor,
        labels,
        annotations,
        evidence,
        origin,
        false);
  }
}
