package io.kshealth.alerts.engine;

import java.time.Duration;

/**
 * How the engine reads series and how long it keeps resolved alerts.
 *
 * @param lookback a series' newest point older than this is no current value: the series is gone
 *     and its alerts resolve (Prometheus' lookback delta)
 * @param historyWindow how far back {@code history} reaches in expressions
 * @param resolvedRetention how long a resolved alert goes on being reported (re-sent to
 *     Alertmanager), as Prometheus does
 * @param evaluationInterval the step of a window over an aggregated series (its subquery), whose
 *     steps fall on multiples of it counted from the Unix epoch
 * @param maxAlerts the most alert instances held at once over all rules (pending, firing, and
 *     resolved ones still reported), besides each rule's first: beyond it a new instance is not
 *     made, and counted ({@code alerting.max-alerts})
 */
public record EngineSettings(
    Duration lookback,
    Duration historyWindow,
    Duration resolvedRetention,
    Duration evaluationInterval,
    int maxAlerts) {

  /** No bound on alert instances: for rule unit tests, whose alerts must all show. */
  public static final int UNBOUNDED = Integer.MAX_VALUE;

  public static final EngineSettings DEFAULT =
      new EngineSettings(
          Duration.ofMinutes(5),
          Duration.ofMinutes(30),
          Duration.ofMinutes(15),
          Duration.ofSeconds(15),
          UNBOUNDED);
}
