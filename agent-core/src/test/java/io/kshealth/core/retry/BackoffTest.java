package io.kshealth.core.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

  static final RetryPolicy ONE_TO_THIRTY =
      RetryPolicy.doubling(Duration.ofSeconds(1), Duration.ofSeconds(30));

  final MutableClock clock = new MutableClock();

  private List<Long> delays(double random, int failures) {
    Backoff backoff = new Backoff(ONE_TO_THIRTY, clock, () -> random);
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < failures; i++) {
      out.add(backoff.nextDelay().toMillis());
    }
    return out;
  }

  @Test
  void theTopOfTheJitterIsTheStepDoublingUpToTheCap() {
    assertEquals(
        List.of(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 30_000L, 30_000L), delays(1.0, 7));
  }

  @Test
  void theBottomOfTheJitterIsHalfTheStepAlsoAtTheCap() {
    assertEquals(List.of(500L, 1_000L, 2_000L, 4_000L, 8_000L, 15_000L, 15_000L), delays(0.0, 7));
    assertEquals(List.of(750L, 1_500L, 3_000L), delays(0.5, 3));
  }

  @Test
  void aRandomOutsideZeroToOneStaysWithinTheBounds() {
    assertEquals(List.of(500L, 1_000L), delays(-3, 2));
    assertEquals(List.of(1_000L, 2_000L), delays(7, 2));
  }

  @Test
  void everyWaitFromARealGeneratorIsWithinHalfTheStepAndTheStep() {
    SplittableRandom random = new SplittableRandom(42);
    Backoff backoff = new Backoff(ONE_TO_THIRTY, clock, random::nextDouble);
    for (int failures = 1; failures <= 200; failures++) {
      long step = ONE_TO_THIRTY.step(failures).toMillis();
      long delay = backoff.nextDelay().toMillis();
      assertTrue(delay >= step / 2 && delay <= step, failures + ": " + delay + " of " + step);
      assertTrue(delay <= 30_000, "never beyond the cap");
    }
  }

  @Test
  void agentsThatFailedTogetherRetryApart() {
    List<Long> a = new ArrayList<>();
    List<Long> b = new ArrayList<>();
    Backoff first = new Backoff(ONE_TO_THIRTY, clock, new SplittableRandom(1)::nextDouble);
    Backoff second = new Backoff(ONE_TO_THIRTY, clock, new SplittableRandom(2)::nextDouble);
    for (int i = 0; i < 3; i++) {
      a.add(first.nextDelay().toMillis());
      b.add(second.nextDelay().toMillis());
    }
    assertNotEquals(a, b);
  }

  @Test
  void dueOnlyOnceTheWaitHasPassedByTheClock() {
    Backoff backoff = new Backoff(ONE_TO_THIRTY, clock, () -> 1.0);
    assertTrue(backoff.due(), "nothing failed yet");
    assertEquals(Instant.MIN, backoff.retryAt());
    assertEquals(Duration.ZERO, backoff.remaining());

    Instant failedAt = clock.instant();
    assertEquals(Duration.ofSeconds(1), backoff.nextDelay());
    assertEquals(failedAt.plusSeconds(1), backoff.retryAt());
    assertFalse(backoff.due());
    clock.advance(Duration.ofMillis(999));
    assertFalse(backoff.due());
    assertEquals(Duration.ofMillis(1), backoff.remaining());
    clock.advance(Duration.ofMillis(1));
    assertTrue(backoff.due());
    assertEquals(Duration.ZERO, backoff.remaining());
  }

  @Test
  void aResetStartsAgainFromTheInitialStep() {
    Backoff backoff = new Backoff(ONE_TO_THIRTY, clock, () -> 1.0);
    backoff.nextDelay();
    backoff.nextDelay();
    assertEquals(Duration.ofSeconds(4), backoff.nextDelay());
    assertEquals(3, backoff.failures());

    backoff.reset();
    assertEquals(0, backoff.failures());
    assertTrue(backoff.due(), "due at once after a reset");
    assertEquals(Duration.ofSeconds(1), backoff.nextDelay());
  }
}
