package io.kshealth.alerts.engine;

/**
 * How a rule's last evaluation went.
 *
 * @param rule the rule's name
 * @param group its group
 * @param series how many series it watched
 * @param unknownSeries how many of them the expression could not decide (too little history)
 * @param errorsTotal evaluations of one series that failed since start
 * @param lastError the newest failure's reason, empty if none
 * @param timeoutsTotal evaluations of the rule that passed the round's deadline since start
 * @param skipped whether it passed the deadline (or is stuck past it right now): it is not
 *     evaluated again until the rule files are reloaded, and its alerts keep their state
 * @param alertsDroppedTotal alert instances not made since start because {@code
 *     alerting.max-alerts} were held (one per series and evaluation)
 */
public record RuleHealth(
    String rule,
    String group,
    int series,
    int unknownSeries,
    long errorsTotal,
    String lastError,
    long timeoutsTotal,
    boolean skipped,
    long alertsDroppedTotal) {

  /** This rule's health while an evaluation of it is stuck past the round's deadline. */
  RuleHealth stuck(long sinceMillis) {
    return new RuleHealth(
        rule,
        group,
        series,
        unknownSeries,
        errorsTotal,
        "its evaluation has been running past the round's deadline since "
            + java.time.Instant.ofEpochMilli(sinceMillis),
        timeoutsTotal,
        true,
        alertsDroppedTotal);
  }
}
