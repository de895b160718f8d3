package io.kshealth.core.retry;

import java.time.Duration;

/**
 * How long to wait before retrying after consecutive failures: a step that starts at {@code
 * initial}, grows by {@code multiplier} with each further failure and stops growing at {@code cap};
 * {@link Backoff} then waits a random time between half the step and the whole step.
 *
 * <pre>{@code
 * RetryPolicy.doubling(Duration.ofSeconds(1), Duration.ofSeconds(30))
 * // steps 1 s, 2 s, 4 s, ... 30 s; waits 0.5–1 s, 1–2 s, 2–4 s, ... 15–30 s
 * }</pre>
 *
 * @param initial the step after the first failure
 * @param multiplier how much the step grows with each further failure, at least 1
 * @param cap the largest step: no wait is ever longer
 */
public record RetryPolicy(Duration initial, double multiplier, Duration cap) {

  public RetryPolicy {
    if (initial == null || initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException(
          "retry policy: the initial delay must be positive, was " + initial);
    }
    if (cap == null || cap.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "retry policy: the cap ("
              + cap
              + ") must be at least the initial delay ("
              + initial
              + ")");
    }
    if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException(
          "retry policy: the multiplier must be a finite number of at least 1, was " + multiplier);
    }
  }

  /** A step that doubles from {@code initial} up to {@code cap}. */
  public static RetryPolicy doubling(Duration initial, Duration cap) {
    return new RetryPolicy(initial, 2, cap);
  }

  /**
   * The step after {@code failures} consecutive failures (1 for the first), before jitter.
   *
   * @throws IllegalArgumentException when {@code failures} is below 1
   */
  public Duration step(int failures) {
    if (failures < 1) {
      throw new IllegalArgumentException("a step needs at least one failure, was " + failures);
    }
    double millis = initial.toMillis() * Math.pow(multiplier, failures - 1);
    return millis >= cap.toMillis() ? cap : Duration.ofMillis((long) millis);
  }
}
