package io.kshealth.core.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void theStepGrowsByTheMultiplierUpToTheCap() {
    RetryPolicy p = new RetryPolicy(Duration.ofSeconds(1), 3, Duration.ofSeconds(30));
    assertEquals(Duration.ofSeconds(1), p.step(1));
    assertEquals(Duration.ofSeconds(3), p.step(2));
    assertEquals(Duration.ofSeconds(9), p.step(3));
    assertEquals(Duration.ofSeconds(27), p.step(4));
    assertEquals(Duration.ofSeconds(30), p.step(5));
    assertEquals(Duration.ofSeconds(30), p.step(Integer.MAX_VALUE), "no overflow");
  }

  @Test
  void aMultiplierOfOneKeepsTheStepAndAnEqualCapIsAllowed() {
    RetryPolicy p = new RetryPolicy(Duration.ofSeconds(5), 1, Duration.ofSeconds(5));
    assertEquals(Duration.ofSeconds(5), p.step(1));
    assertEquals(Duration.ofSeconds(5), p.step(1000));
  }

  @Test
  void aCapBelowTheInitialDelayIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RetryPolicy.doubling(Duration.ofSeconds(10), Duration.ofSeconds(1)));
    assertEquals(
        "retry policy: the cap (PT1S) must be at least the initial delay (PT10S)", e.getMessage());
  }

  @Test
  void zeroNegativeOrMissingDelaysAreRefused() {
    for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofMillis(-1), null}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> RetryPolicy.doubling(bad, Duration.ofSeconds(1)));
      assertEquals("retry policy: the initial delay must be positive, was " + bad, e.getMessage());
    }
    assertThrows(
        IllegalArgumentException.class,
        () -> RetryPolicy.doubling(Duration.ofSeconds(1), Duration.ofSeconds(-5)));
    assertThrows(
        IllegalArgumentException.class, () -> RetryPolicy.doubling(Duration.ofSeconds(1), null));
  }

  @Test
  void aMultiplierBelowOneOrNotANumberIsRefused() {
    for (double bad : new double[] {0.5, 0, -2, Double.NaN, Double.POSITIVE_INFINITY}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> new RetryPolicy(Duration.ofSeconds(1), bad, Duration.ofSeconds(2)));
      assertTrue(e.getMessage().startsWith("retry policy: the multiplier must be"), e.getMessage());
    }
  }

  @Test
  void aStepBeforeAnyFailureIsRefused() {
    RetryPolicy p = RetryPolicy.doubling(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThrows(IllegalArgumentException.class, () -> p.step(0));
  }
}
