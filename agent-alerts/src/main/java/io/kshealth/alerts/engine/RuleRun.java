package io.kshealth.alerts.engine;

import io.kshealth.alerts.rules.AlertRule;
import io.kshealth.api.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rule with its instances and health, owned by the engine's evaluation thread; keyed so that a
 * reload keeps the state of rules it still has.
 */
final class RuleRun {

  /** Rules of one name in one group are told apart by their order (Prometheus allows several). */
  record Key(String group, String name, int ordinal) {}

  final AlertRule rule;
  final Key key;
  final Map<Labels, AlertInstance> instances = new LinkedHashMap<>();
  int series;
  int unknownSeries;

  /**
   * A recording rule's series written at its last evaluation, with their values: those it no longer
   * gives end.
   */
  Map<Labels, Double> recorded = Map.of();

  long errorsTotal;
  String lastError = "";
  long timeoutsTotal;
  boolean skipped;

  /** Instances not made because {@code alerting.max-alerts} were held. */
  long alertsDroppedTotal;

  /** Evaluations in a row cut short by the rule's own cost; reset by one that completes. */
  int costlyInARow;

  RuleRun(AlertRule rule, Key key) {
    this.rule = rule;
    this.key = key;
  }

  /** An immutable copy of what {@code runs} hold now, for every other thread to read. */
  static EngineResult publish(long evaluatedAtMillis, List<RuleRun> runs) {
    List<Alert> alerts = new ArrayList<>();
    List<RuleHealth> health = new ArrayList<>();
    List<SavedAlert> saved = new ArrayList<>();
    List<EngineResult.Recorded> recorded = new ArrayList<>();
    for (RuleRun run : runs) {
      run.recorded.forEach(
          (labels, value) ->
              recorded.add(new EngineResult.Recorded(run.rule.name(), labels, value)));
      health.add(
          new RuleHealth(
              run.rule.name(),
              run.rule.group(),
              run.series,
              run.unknownSeries,
              run.errorsTotal,
              run.lastError,
              run.timeoutsTotal,
              run.skipped,
              run.alertsDroppedTotal));
      for (AlertInstance a : run.instances.values()) {
        alerts.add(a.view(run.rule.name()));
        saved.add(
            new SavedAlert(
                run.key.group(),
                run.key.name(),
                run.key.ordinal(),
                a.labels.asMap(),
                a.state,
                a.value,
                a.annotations,
                a.activeAtMillis,
                a.firedAtMillis,
                a.resolvedAtMillis,
                a.keepFiringSinceMillis));
      }
    }
    return new EngineResult(evaluatedAtMillis, alerts, health, saved, recorded);
  }
}
