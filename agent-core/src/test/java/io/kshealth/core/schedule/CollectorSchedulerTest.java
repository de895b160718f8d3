package io.kshealth.core.schedule;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.api.Snapshot;
import io.kshealth.core.config.CollectorConfig;
import io.kshealth.core.retry.RetryPolicy;
import io.kshealth.core.testing.MutableClock;
import io.kshealth.core.testing.TestCollectors;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CollectorSchedulerTest {

  private static final Duration INTERVAL = Duration.ofSeconds(10);
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final MutableClock clock = new MutableClock();
  private final Instant start = clock.instant();
  private final Map<String, AtomicInteger> published = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> failed = new ConcurrentHashMap<>();
  private final SnapshotSink sink =
      (CollectorConfig c, Optional<Snapshot> s) ->
          (s.isEmpty() ? failed : published)
              .computeIfAbsent(c.name(), n -> new AtomicInteger())
              .incrementAndGet();
  private CollectorScheduler scheduler;

  @AfterEach
  void stop() {
    if (scheduler != null) {
      scheduler.close(100); // a close that hangs fails on the default timeout
    }
  }

  private CollectorScheduler schedule(CollectorConfig... configs) {
    scheduler = new CollectorScheduler(List.of(configs), sink, clock, () -> 0.0);
    return scheduler;
  }

  private CollectorStatus status(String name) {
    return scheduler.statuses().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private int count(Map<String, AtomicInteger> m, String name) {
    AtomicInteger n = m.get(name);
    return n == null ? 0 : n.get();
  }

  /** Moves the clock one interval and runs one scheduling step. */
  private void nextCycle() {
    clock.advance(INTERVAL);
    scheduler.tick();
  }

  @Test
  void aHangingCollectorDoesNotHoldUpTheOthers() {
    TestCollectors.Hanging hanging = new TestCollectors.Hanging();
    TestCollectors.Counting counting = new TestCollectors.Counting();
    schedule(
        TestCollectors.config("hanging", hanging, INTERVAL, TIMEOUT),
        TestCollectors.config("counting", counting, INTERVAL, TIMEOUT));

    scheduler.tick();
    await().until(() -> count(published, "counting") == 1 && hanging.started.get() == 1);
    for (int cycle = 1; cycle <= 6; cycle++) {
      nextCycle();
      int expected = cycle + 1;
      await().until(() -> count(published, "counting") == expected);
    }

    CollectorStatus hung = status("hanging");
    assertEquals(Boolean.FALSE, hung.up().orElseThrow());
    assertTrue(hung.running(), "its thread is still stuck");
    assertEquals(1, hanging.started.get(), "no second run piles up behind a stuck one");
    assertEquals(0, count(published, "hanging"));
    assertTrue(status("counting").up().orElseThrow());
    assertEquals(0, status("counting").errorsTotal());
  }

  @Test
  void aTimedOutRunIsReportedAndRetriesBackOff() {
    TestCollectors.Hanging hanging = new TestCollectors.Hanging();
    schedule(TestCollectors.config("hanging", hanging, INTERVAL, TIMEOUT));
    scheduler.tick();
    await().until(() -> hanging.started.get() == 1);

    clock.advance(TIMEOUT);
    scheduler.tick();
    CollectorStatus s = status("hanging");
    assertEquals("timed out after 2s", s.lastError().orElseThrow());
    assertEquals(TIMEOUT.toSeconds(), s.lastDurationSeconds(), 1e-9);
    assertEquals(1, failed.get("hanging").get(), "its series leave /metrics");
    // First failure: retry after one interval; then 2, 4, 8 intervals.
    assertEquals(start.plus(TIMEOUT).plus(INTERVAL).toEpochMilli(), s.nextRunMillis());

    for (int i = 0; i < 8; i++) {
      nextCycle();
    }
    s = status("hanging");
    assertTrue(s.lastError().orElseThrow().startsWith("still hung"), s.lastError().orElseThrow());
    assertEquals(
        4, s.errorsTotal(), "timed out at +2 s, then still hung when due at +12, +32 and +72 s");
    assertEquals(start.plusSeconds(72 + 80).toEpochMilli(), s.nextRunMillis());

    hanging.release.countDown();
    await().until(() -> !status("hanging").running());
    clock.advance(Duration.ofSeconds(80));
    scheduler.tick();
    await().until(() -> count(published, "hanging") == 1);
    assertTrue(status("hanging").up().orElseThrow(), "recovers once its call returns");
    assertEquals(0, status("hanging").consecutiveFailures());
  }

  @Test
  void aThrowingCollectorIsIsolatedAndBacksOff() {
    TestCollectors.Throwing throwing = new TestCollectors.Throwing();
    TestCollectors.Counting counting = new TestCollectors.Counting();
    schedule(
        TestCollectors.config("throwing", throwing, INTERVAL, TIMEOUT),
        TestCollectors.config("counting", counting, INTERVAL, TIMEOUT));

    scheduler.tick();
    await().until(() -> status("throwing").hasRun() && count(published, "counting") == 1);
    for (int cycle = 1; cycle <= 7; cycle++) {
      nextCycle();
      int expected = cycle + 1;
      await()
          .until(() -> count(published, "counting") == expected && !status("throwing").running());
    }

    // Runs at 0, 10 (after 1 interval), 30 (after 2), 70 (after 4): the next is due at 150.
    CollectorStatus s = status("throwing");
    assertEquals(4, throwing.runs.get());
    assertEquals(4, s.errorsTotal());
    assertEquals(4, s.consecutiveFailures());
    assertEquals("IllegalStateException: broken on purpose", s.lastError().orElseThrow());
    assertEquals(start.plusSeconds(150).toEpochMilli(), s.nextRunMillis());
    assertEquals(8, counting.runs.get());
  }

  @Test
  void readyOnceEveryCollectorHasRunWhateverTheOutcome() {
    schedule(
        TestCollectors.config("throwing", new TestCollectors.Throwing(), INTERVAL, TIMEOUT),
        TestCollectors.config("counting", new TestCollectors.Counting(), INTERVAL, TIMEOUT));
    assertFalse(scheduler.allRanOnce());
    scheduler.tick();
    await().until(scheduler::allRanOnce);
  }

  @Test
  void keepsItsCadenceWhenRunsSucceed() {
    TestCollectors.Counting counting = new TestCollectors.Counting();
    schedule(TestCollectors.config("counting", counting, INTERVAL, TIMEOUT));
    scheduler.tick();
    await().until(() -> count(published, "counting") == 1);
    clock.advance(Duration.ofSeconds(9));
    scheduler.tick();
    assertEquals(1, counting.runs.get(), "not due before its interval");
    assertEquals(start.plus(INTERVAL).toEpochMilli(), status("counting").nextRunMillis());
  }

  @Test
  void aFailedCollectorWaitsAtLeastItsIntervalAndAtMostFiveMinutesOrTwoIntervals() {
    RetryPolicy tenSeconds = ScheduledCollector.retryPolicy(INTERVAL);
    assertEquals(Duration.ofSeconds(20), tenSeconds.step(1), "waits 10-20 s");
    assertEquals(Duration.ofSeconds(160), tenSeconds.step(4));
    assertEquals(Duration.ofMinutes(5), tenSeconds.step(5), "waits 2.5-5 min");
    assertEquals(Duration.ofMinutes(5), tenSeconds.step(100));

    RetryPolicy tenMinutes = ScheduledCollector.retryPolicy(Duration.ofMinutes(10));
    assertEquals(Duration.ofMinutes(20), tenMinutes.step(1), "a long interval: 10-20 min");
    assertEquals(Duration.ofMinutes(20), tenMinutes.step(5));
  }
}
