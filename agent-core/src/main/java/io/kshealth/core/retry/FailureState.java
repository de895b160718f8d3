package io.kshealth.core.retry;

import io.kshealth.core.config.Units;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * The state of one thing that is retried (a connection, a poll, a receiver): its consecutive
 * failures, when the next attempt is due (by a {@link Backoff}), and the two log lines an operator
 * needs. The first failure is logged at WARN with its cause, repeats only at DEBUG, and the
 * recovery at INFO with how many attempts failed and for how long.
 *
 * <pre>{@code
 * FailureState brokers = new FailureState(log, "Reading the lag from " + kafka, backoff);
 * if (brokers.retryDue()) {
 *   try { read(); brokers.succeeded(); } catch (IOException e) { brokers.failed(e.toString()); }
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one owner, or the owner's lock.
 */
public final class FailureState {

  private final Logger log;
  private final String what;
  private final Backoff backoff;
  private final Clock clock;

  /** The first of the consecutive failures; null while nothing fails. */
  private @Nullable Instant firstFailure;

  /**
   * @param log the caller's logger, so the lines show where they belong
   * @param what what is attempted, as the start of a sentence ("Reading the lag from ...")
   */
  public FailureState(Logger log, String what, Backoff backoff) {
    this.log = log;
    this.what = what;
    this.backoff = backoff;
    this.clock = backoff.clock();
  }

  /** Whether an attempt may be made now: nothing failed, or the wait after the failure is over. */
  public boolean retryDue() {
    return backoff.due();
  }

  /**
   * Records a failed attempt: logs it (WARN the first time, DEBUG after) and starts the wait.
   *
   * @param problem the cause as an operator should read it, without secrets
   * @return the wait before the next attempt
   */
  public Duration failed(String problem) {
    Duration delay = backoff.nextDelay();
    if (firstFailure == null) {
      firstFailure = clock.instant();
      log.warn("{} failed: {}; next attempt in {}", what, problem, Units.formatDuration(delay));
    } else {
      log.debug(
          "{} failed again ({} in a row): {}; next attempt in {}",
          what,
          backoff.failures(),
          problem,
          Units.formatDuration(delay));
    }
    return delay;
  }

  /** Records a successful attempt: logs the recovery if something had failed, and resets. */
  public void succeeded() {
    if (firstFailure != null) {
      log.info(
          "{} recovered after {} failed attempt(s) over {}",
          what,
          backoff.failures(),
          Units.formatDuration(Duration.between(firstFailure, clock.instant())));
    }
    forget();
  }

  /**
   * Forgets past failures without logging a recovery: what failed is gone (a new target process),
   * so the next attempt is due now and the next failure is a first one again.
   */
  public void forget() {
    firstFailure = null;
    backoff.reset();
  }

  /** Consecutive failed attempts; 0 after a success. */
  public int failures() {
    return backoff.failures();
  }

  /** When the next attempt is due; {@link Instant#MIN} when nothing failed. */
  public Instant retryAt() {
    return backoff.retryAt();
  }

  /** The time left before the next attempt, zero when it is due. */
  public Duration untilRetry() {
    return backoff.remaining();
  }
}
