package io.kshealth.core.schedule;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Delays before retrying a failing collector: the interval after the first failure, doubling with
 * each further failure up to a cap, each stretched by up to a quarter at random so that collectors
 * failing together (a target that went down) do not retry in lockstep.
 */
final class Backoff {

  /** Retries never wait longer than this, or than the interval when that is longer. */
  static final Duration MAX = Duration.ofMinutes(5);

  private static final double JITTER = 0.25;

  private final DoubleSupplier random;

  /**
   * @param random uniform numbers in [0, 1); tests pass a fixed sequence
   */
  Backoff(DoubleSupplier random) {
    this.random = random;
  }

  long delayMillis(Duration interval, int consecutiveFailures) {
    long base = interval.toMillis();
    long cap = Math.max(base, MAX.toMillis());
    int doublings = Math.min(consecutiveFailures - 1, 30);
    long delay = base;
    for (int i = 0; i < doublings && delay < cap; i++) {
      delay *= 2;
    }
    delay = Math.min(delay, cap);
    return delay + (long) (delay * JITTER * random.getAsDouble());
  }
}
