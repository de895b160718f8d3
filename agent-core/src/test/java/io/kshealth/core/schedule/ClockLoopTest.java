package io.kshealth.core.schedule;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.core.testing.MutableClock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The loop runs a step when the last one said it is due by the clock, or when woken. Steps are
 * counted, so these tests wait on a count, never on real time.
 */
class ClockLoopTest {

  private final MutableClock clock = new MutableClock();
  private final AtomicInteger steps = new AtomicInteger();

  /** A step due ten clock minutes after each run. */
  private ClockLoop tenMinuteLoop() {
    return new ClockLoop(
        "test-loop",
        clock,
        () -> {
          steps.incrementAndGet();
          return clock.millis() + Duration.ofMinutes(10).toMillis();
        });
  }

  @Test
  void runsAStepAtStartThenWhenTheClockReachesItsDueTime() {
    ClockLoop loop = tenMinuteLoop();
    loop.start();
    try {
      await().until(() -> steps.get() == 1);
      clock.advance(Duration.ofMinutes(9));
      // Not due yet: only a wake-up (new work) runs the step.
      loop.wake();
      await().until(() -> steps.get() == 2);
      clock.advance(Duration.ofMinutes(10));
      await().until(() -> steps.get() == 3);
    } finally {
      loop.stop();
      assertTrue(loop.await(Deadline.in(Duration.ofSeconds(30))));
    }
  }

  @Test
  void aStepThatThrowsDoesNotEndTheLoop() {
    AtomicInteger calls = new AtomicInteger();
    ClockLoop loop =
        new ClockLoop(
            "test-throwing",
            clock,
            () -> {
              if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("first step fails");
              }
              return Long.MAX_VALUE;
            });
    loop.start();
    try {
      await().until(() -> calls.get() == 1);
      // The failed step counts as due again a second of clock later.
      clock.advance(Duration.ofSeconds(2));
      await().until(() -> calls.get() >= 2);
    } finally {
      loop.stop();
      assertTrue(loop.await(Deadline.in(Duration.ofSeconds(30))));
    }
  }

  @Test
  void stopLetsTheStepInProgressEndAndStopNowInterruptsIt() throws Exception {
    CountDownLatch inStep = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicLong interrupted = new AtomicLong();
    ClockLoop gentle =
        new ClockLoop(
            "test-gentle",
            clock,
            () -> {
              inStep.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                interrupted.incrementAndGet();
              }
              return Long.MAX_VALUE;
            });
    gentle.start();
    inStep.await();
    gentle.stop();
    assertFalse(gentle.await(Deadline.in(Duration.ofMillis(50))), "still in its step");
    release.countDown();
    assertTrue(gentle.await(Deadline.in(Duration.ofSeconds(30))));
    assertEquals(0, interrupted.get());

    CountDownLatch inBlocking = new CountDownLatch(1);
    ClockLoop blocking =
        new ClockLoop(
            "test-blocking",
            clock,
            () -> {
              inBlocking.countDown();
              try {
                new CountDownLatch(1).await();
              } catch (InterruptedException e) {
                interrupted.incrementAndGet();
              }
              return Long.MAX_VALUE;
            });
    blocking.start();
    inBlocking.await();
    blocking.stopNow();
    assertTrue(blocking.await(Deadline.in(Duration.ofSeconds(30))));
    assertEquals(1, interrupted.get());
  }

  @Test
  void awaitOnALoopNeverStartedReturnsAtOnce() {
    assertTrue(tenMinuteLoop().await(Deadline.in(Duration.ZERO)));
  }
}
