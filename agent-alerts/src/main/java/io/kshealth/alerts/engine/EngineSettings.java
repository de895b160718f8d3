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
 */
public record EngineSettings(
    Duration lookback,
    Duration historyWindow,
    Duration resolvedRetention,
    Duration evaluationInterval) {

  public static final EngineSettings DEFAULT =
      new EngineSettings(
          Duration.ofMinutes(5),
          Duration.ofMinutes(30),
          Duration.ofMinutes(15),
          Duration.ofSeconds(15));
}
