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
 */
public record RuleHealth(
    String rule, String group, int series, int unknownSeries, long errorsTotal, String lastError) {}
