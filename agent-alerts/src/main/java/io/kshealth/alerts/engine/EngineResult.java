package io.kshealth.alerts.engine;

import io.kshealth.api.Labels;
import java.util.List;

/**
 * What the engine published after its last evaluation, immutable: HTTP handlers, {@code /metrics}
 * and shutdown read it without waiting for an evaluation in progress, however long that takes.
 *
 * @param evaluatedAtMillis the time of the evaluation (0 before the first one)
 * @param alerts every instance: pending, firing, and resolved ones still reported (inactive)
 * @param health each rule's, in rule order
 * @param saved the instances to keep across a restart
 * @param recorded the series the recording rules wrote at that evaluation
 */
public record EngineResult(
    long evaluatedAtMillis,
    List<Alert> alerts,
    List<RuleHealth> health,
    List<SavedAlert> saved,
    List<Recorded> recorded) {

  /** One series a recording rule wrote: its name is the rule's. */
  public record Recorded(String name, Labels labels, double value) {}

  public EngineResult {
    alerts = List.copyOf(alerts);
    health = List.copyOf(health);
    saved = List.copyOf(saved);
    recorded = List.copyOf(recorded);
  }

  public int ruleCount() {
    return health.size();
  }
}
