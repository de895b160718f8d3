package io.kshealth.alerts.engine;

import java.util.List;

/**
 * What the engine published after its last evaluation, immutable: HTTP handlers, {@code /metrics}
 * and shutdown read it without waiting for an evaluation in progress, however long that takes.
 *
 * @param evaluatedAtMillis the time of the evaluation (0 before the first one)
 * @param alerts every instance: pending, firing, and resolved ones still reported (inactive)
 * @param health each rule's, in rule order
 * @param saved the instances to keep across a restart
 */
public record EngineResult(
    long evaluatedAtMillis, List<Alert> alerts, List<RuleHealth> health, List<SavedAlert> saved) {

  public EngineResult {
    alerts = List.copyOf(alerts);
    health = List.copyOf(health);
    saved = List.copyOf(saved);
  }

  public int ruleCount() {
    return health.size();
  }
}
