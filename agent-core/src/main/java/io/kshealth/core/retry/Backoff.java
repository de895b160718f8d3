package io.kshealth.core.retry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The project's one backoff: when the next attempt after consecutive failures is due. Nothing here
 * sleeps; the caller asks {@link #due()} on its own schedule, by the injected clock.
 *
 * <p>Every wait is <em>equal jitter</em>: uniformly random between half the {@link RetryPolicy#step
 * step} and the whole step. Jitter at all because many agents lose one broker, one receiver or one
 * CloudWatch account together, and retries that stay in step hit it together again. Equal rather
 * than full jitter (zero to the step) because a wait near zero would hit a receiver again the
 * moment it failed, and a collector would retry sooner than its interval; half the step still
 * spreads a fleet over the other half, also at the cap, and the cap stays a hard upper bound (a
 * stretch on top of the step would not). Nor decorrelated jitter: it needs the previous wait and
 * cannot say in advance what the longest wait is.
 *
 * <p>Not thread-safe: one owner, or the owner's lock.
 */
public final class Backoff {

  /** Uniform numbers in [0, 1) from the calling thread's own generator. */
  public static final DoubleSupplier RANDOM = () -> ThreadLocalRandom.current().nextDouble();

  private final RetryPolicy policy;
  private final Clock clock;
  private final DoubleSupplier random;
  private int failures;
  private Instant retryAt = Instant.MIN;

  /**
   * @param random uniform numbers in [0, 1] (1 takes the whole step); tests pass a constant
   */
  public Backoff(RetryPolicy policy, Clock clock, DoubleSupplier random) {
    this.policy = policy;
    this.clock = clock;
    this.random = random;
  }

  public Backoff(RetryPolicy policy, Clock clock) {
    this(policy, clock, RANDOM);
  }

  /** Counts a failure now and returns the wait before the next attempt (then {@link #due()}). */
  public Duration nextDelay() {
    failures = failures == Integer.MAX_VALUE ? failures : failures + 1;
    long step = policy.step(failures).toMillis();
    long half = step / 2;
    double r = Math.min(1, Math.max(0, random.getAsDouble()));
    Duration delay = Duration.ofMillis(step - half + (long) (half * r));
    retryAt = clock.instant().plus(delay);
    return delay;
  }

  /** Whether the next attempt is due: no failure since the last reset, or its wait is over. */
  public boolean due() {
    return !clock.instant().isBefore(retryAt);
  }

  /** When the next attempt is due; {@link Instant#MIN} when no failure is pending. */
  public Instant retryAt() {
    return retryAt;
  }

  /** The time left until the next attempt is due, zero when it is. */
  public Duration remaining() {
    return due() ? Duration.ZERO : Duration.between(clock.instant(), retryAt);
  }

  /** Consecutive failures since the last reset. */
  public int failures() {
    return failures;
  }

  /** After a success: the next failure waits the initial step again, and an attempt is due now. */
  public void reset() {
    failures = 0;
    retryAt = Instant.MIN;
  }

  public RetryPolicy policy() {
    return policy;
  }

  Clock clock() {
    return clock;
  }
}
