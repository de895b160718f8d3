package io.kshealth.collectors.ebs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CloudWatchBackoffTest {

  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private static List<Duration> delays(long seed, int failures) {
    CloudWatchBackoff backoff = new CloudWatchBackoff(new SplittableRandom(seed));
    List<Duration> out = new ArrayList<>();
    for (int i = 0; i < failures; i++) {
      out.add(backoff.failed(T0));
    }
    return out;
  }

  @Test
  void doublesUpToTheCeilingWithHalfOfItRandom() {
    List<Duration> delays = delays(1, 8);
    for (int i = 0; i < delays.size(); i++) {
      Duration ceiling = CloudWatchBackoff.FIRST.multipliedBy(1L << i);
      if (ceiling.compareTo(CloudWatchBackoff.MAX) > 0) {
        ceiling = CloudWatchBackoff.MAX;
      }
      Duration d = delays.get(i);
      assertTrue(
          d.compareTo(ceiling.dividedBy(2)) >= 0 && d.compareTo(ceiling) <= 0,
          "failure "
              + (i + 1)
              + ": "
              + d
              + " not within ["
              + ceiling.dividedBy(2)
              + ", "
              + ceiling
              + "]");
    }
  }

  @Test
  void agentsThrottledTogetherComeBackApart() {
    assertNotEquals(delays(1, 3), delays(2, 3));
  }

  @Test
  void waitsUntilTheDelayHasPassedAndASuccessClearsIt() {
    CloudWatchBackoff backoff = new CloudWatchBackoff(new SplittableRandom(3));
    assertFalse(backoff.waiting(T0));
    Duration delay = backoff.failed(T0);

    assertTrue(backoff.waiting(T0.plus(delay).minusMillis(1)));
    assertFalse(backoff.waiting(T0.plus(delay)));
    assertEquals(1, backoff.failures());

    backoff.succeeded();
    assertEquals(0, backoff.failures());
    assertFalse(backoff.waiting(T0));
  }
}
