package io.kshealth.alerts;

import io.kshealth.alerts.engine.Alert;
import io.kshealth.alerts.engine.AlertState;
import io.kshealth.alerts.engine.EngineResult;
import io.kshealth.alerts.engine.RuleHealth;
import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.Sample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The rule engine's metrics on {@code /metrics}: the alerts themselves and the engine's health. */
final class AlertingMetrics {

  static final Metric ALERTS =
      Metric.gauge(
          "kshealth_alerts",
          "1 for each pending or firing alert, with its labels and alertstate (Prometheus' ALERTS).");
  static final Metric ACTIVE_SINCE =
      Metric.gauge(
          "kshealth_alerts_active_since_timestamp_seconds",
          "When each pending or firing alert's condition started to hold (Prometheus'"
              + " ALERTS_FOR_STATE).");
  static final Metric RULES = Metric.gauge("kshealth_rules", "Alerting rules loaded.");
  static final Metric RELOAD_SUCCESS =
      Metric.gauge(
          "kshealth_rules_last_reload_success",
          "1 if the last load of the rule files succeeded; 0 if it failed and the previous rules"
              + " still run.");
  static final Metric RELOAD_SUCCESS_TIME =
      Metric.gauge(
          "kshealth_rules_last_reload_success_timestamp_seconds",
          "When the rule files were last loaded successfully.");
  static final Metric EVALUATIONS =
      Metric.counter("kshealth_rule_evaluations_total", "Evaluations of the rules since start.");
  static final Metric LAST_EVALUATION =
      Metric.gauge(
          "kshealth_rule_last_evaluation_timestamp_seconds", "When the rules were last evaluated.");
  static final Metric EVALUATION_DURATION =
      Metric.gauge(
          "kshealth_rule_last_evaluation_duration_seconds",
          "How long the last evaluation of all rules took.");
  static final Metric SERIES =
      Metric.gauge("kshealth_rule_series", "Series each rule watched at its last evaluation.");
  static final Metric UNKNOWN =
      Metric.gauge(
          "kshealth_rule_series_unknown",
          "Series whose condition could not be decided at the last evaluation (too little"
              + " history, a joined series missing); their alerts keep their state.");
  static final Metric ERRORS =
      Metric.counter(
          "kshealth_rule_evaluation_errors_total",
          "Evaluations of one series that failed, such as a label the series lacks.");
  static final Metric TIMEOUTS =
      Metric.counter(
          "kshealth_rule_evaluation_timeouts_total",
          "Evaluations of the rule stopped because they passed alerting.evaluation-timeout;"
              + " labels group and rule.");
  static final Metric ALERTS_DROPPED =
      Metric.counter(
          "kshealth_rule_alerts_dropped_total",
          "Alerts of the rule not made because the rules held alerting.max-alerts alert instances"
              + " (one per series and evaluation): the condition held, no alert went out. Labels"
              + " group and rule.");
  static final Metric SKIPPED =
      Metric.gauge(
          "kshealth_rule_skipped",
          "1 while the rule is not evaluated because an evaluation of it passed"
              + " alerting.evaluation-timeout (or is stuck past it now), until the rules are"
              + " reloaded; its alerts keep their state. Labels group and rule (an alert on this"
              + " keeps the rule's name, which alertname would not).");

  private final boolean exposeRecorded;
  private long evaluations;
  private long lastEvaluationMillis;
  private long lastDurationMillis;
  private boolean lastReloadOk = true;
  private long lastReloadOkMillis;

  /**
   * @param exposeRecorded whether the recording rules' series are shown too ({@code
   *     alerting.expose-recorded})
   */
  AlertingMetrics(long loadedMillis, boolean exposeRecorded) {
    this.lastReloadOkMillis = loadedMillis;
    this.exposeRecorded = exposeRecorded;
  }

  synchronized void evaluated(long atMillis, long durationMillis) {
    evaluations++;
    lastEvaluationMillis = atMillis;
    lastDurationMillis = durationMillis;
  }

  synchronized void reloaded(boolean ok, long atMillis) {
    lastReloadOk = ok;
    if (ok) {
      lastReloadOkMillis = atMillis;
    }
  }

  synchronized long evaluations() {
    return evaluations;
  }

  synchronized long lastEvaluationMillis() {
    return lastEvaluationMillis;
  }

  synchronized boolean lastReloadOk() {
    return lastReloadOk;
  }

  synchronized List<Sample> samples(long now, EngineResult result) {
    List<Sample> out = new ArrayList<>();
    for (Alert a : result.alerts()) {
      if (a.state() == AlertState.INACTIVE) {
        continue;
      }
      String state = a.state() == AlertState.FIRING ? "firing" : "pending";
      out.add(new Sample(ALERTS, a.labels().and("alertstate", state), 1, now));
      out.add(new Sample(ACTIVE_SINCE, a.labels(), a.activeAtMillis() / 1000.0, now));
    }
    if (exposeRecorded) {
      for (EngineResult.Recorded r : result.recorded()) {
        out.add(new Sample(Metric.recorded(r.name()), r.labels(), r.value(), now));
      }
    }
    out.add(new Sample(RULES, Labels.EMPTY, result.ruleCount(), now));
    out.add(new Sample(RELOAD_SUCCESS, Labels.EMPTY, lastReloadOk ? 1 : 0, now));
    out.add(new Sample(RELOAD_SUCCESS_TIME, Labels.EMPTY, lastReloadOkMillis / 1000.0, now));
    out.add(new Sample(EVALUATIONS, Labels.EMPTY, evaluations, now));
    out.add(new Sample(LAST_EVALUATION, Labels.EMPTY, lastEvaluationMillis / 1000.0, now));
    out.add(new Sample(EVALUATION_DURATION, Labels.EMPTY, lastDurationMillis / 1000.0, now));
    // Rules of one name in one group (say, a warning and a critical threshold) add up.
    record RuleName(String group, String rule) {}
    Map<RuleName, long[]> byRule = new LinkedHashMap<>();
    for (RuleHealth h : result.health()) {
      long[] sums = byRule.computeIfAbsent(new RuleName(h.group(), h.rule()), n -> new long[6]);
      sums[0] += h.series();
      sums[1] += h.unknownSeries();
      sums[2] += h.errorsTotal();
      sums[3] += h.timeoutsTotal();
      sums[4] += h.skipped() ? 1 : 0;
      sums[5] += h.alertsDroppedTotal();
    }
    byRule.forEach(
        (name, sums) -> {
          Labels labels = Labels.of("group", name.group(), "alertname", name.rule());
          out.add(new Sample(SERIES, labels, sums[0], now));
          out.add(new Sample(UNKNOWN, labels, sums[1], now));
          out.add(new Sample(ERRORS, labels, sums[2], now));
          Labels rule = Labels.of("group", name.group(), "rule", name.rule());
          out.add(new Sample(TIMEOUTS, rule, sums[3], now));
          out.add(new Sample(SKIPPED, rule, sums[4], now));
          out.add(new Sample(ALERTS_DROPPED, rule, sums[5], now));
        });
    return out;
  }
}
