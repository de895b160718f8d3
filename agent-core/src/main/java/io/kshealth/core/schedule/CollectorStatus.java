package io.kshealth.core.schedule;

import java.time.Duration;
import java.util.Optional;

/**
 * What the agent knows about one collector at a moment: its schedule, its last run and how that
 * ended. Times are epoch millis, 0 when it has not happened yet.
 *
 * @param up whether the last completed run succeeded (empty before the first one)
 * @param running whether a run is in flight now (possibly hung past its timeout)
 */
public record CollectorStatus(
    String name,
    String type,
    Duration interval,
    Duration timeout,
    boolean expose,
    Optional<Boolean> up,
    boolean running,
    long runs,
    long errorsTotal,
    int consecutiveFailures,
    long lastRunStartedMillis,
    double lastDurationSeconds,
    long lastSuccessMillis,
    long nextRunMillis,
    Optional<String> lastError,
    Optional<String> target) {

  /** Whether at least one run has finished, successfully or not. */
  public boolean hasRun() {
    return up.isPresent();
  }
}
