package io.kshealth.collectors.ebs;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * When the poller may call CloudWatch again after failures. The delay doubles per failure up to a
 * ceiling, and half of it is random: CloudWatch throttles per account and region, so a fleet of
 * agents throttled together must not come back in step and be throttled together again. Time comes
 * from the caller's clock; nothing here sleeps.
 */
final class CloudWatchBackoff {

  /** Longer than the default 60 s poll interval, so a throttled agent skips polls. */
  static final Duration FIRST = Duration.ofMinutes(2);

  static final Duration MAX = Duration.ofMinutes(15);

  private final RandomGenerator random;
  private int failures;
  private Instant retryAt = Instant.MIN;

  CloudWatchBackoff(RandomGenerator random) {
    this.random = random;
  }

  /** Whether a call now would come too soon after the last failure. */
  boolean waiting(Instant now) {
    return now.isBefore(retryAt);
  }

  Instant retryAt() {
    return retryAt;
  }

  /** Records a failure at {@code now} and returns the delay before the next call. */
  Duration failed(Instant now) {
    failures++;
    long ceiling = Math.min(FIRST.toMillis() << Math.min(failures - 1, 10), MAX.toMillis());
    long half = ceiling / 2;
    Duration delay = Duration.ofMillis(half + random.nextLong(half + 1));
    retryAt = now.plus(delay);
    return delay;
  }

  void succeeded() {
    failures = 0;
    retryAt = Instant.MIN;
  }

  /** Failures in a row; 0 after a success. */
  int failures() {
    return failures;
  }
}
