package io.kshealth.core.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void doublesUpToTheCap() {
    Backoff backoff = new Backoff(() -> 0.0);
    Duration interval = Duration.ofSeconds(10);
    long[] expected = {10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000};
    for (int failures = 1; failures <= expected.length; failures++) {
      assertEquals(expected[failures - 1], backoff.delayMillis(interval, failures));
    }
  }

  @Test
  void jitterStretchesByAtMostAQuarter() {
    Duration interval = Duration.ofSeconds(10);
    assertEquals(20_000, new Backoff(() -> 0.0).delayMillis(interval, 2));
    assertEquals(22_500, new Backoff(() -> 0.5).delayMillis(interval, 2));
    assertEquals(24_998, new Backoff(() -> 0.99999).delayMillis(interval, 2), 1);
  }

  @Test
  void aLongIntervalIsItsOwnCap() {
    Duration interval = Duration.ofMinutes(10);
    assertEquals(600_000, new Backoff(() -> 0.0).delayMillis(interval, 5));
  }
}
