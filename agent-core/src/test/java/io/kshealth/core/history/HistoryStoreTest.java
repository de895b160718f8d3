package io.kshealth.core.history;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.SeriesKey;
import io.kshealth.api.Snapshot;
import io.kshealth.core.config.HistoryConfig;
import io.kshealth.core.testing.MutableClock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HistoryStoreTest {

  static final Metric LAG = Metric.gauge("kshealth_test_lag", "Lag.");

  private final MutableClock clock = new MutableClock();

  static HistoryConfig config(Duration window, int maxSeries, Duration staleAfter) {
    return new HistoryConfig(window, maxSeries, staleAfter, Optional.empty(), 1 << 20);
  }

  private void report(HistoryStore store, double value, String... partitions) {
    report(store, "lag", value, partitions);
  }

  private void report(HistoryStore store, String collector, double value, String... partitions) {
    Snapshot.Builder b = new Snapshot.Builder(collector, clock.millis());
    for (String p : partitions) {
      b.add(LAG, Labels.of("partition", p), value);
    }
    store.append(b.build());
  }

  private static SeriesKey lag(String partition) {
    return new SeriesKey(LAG.name(), Labels.of("partition", partition));
  }

  @Test
  void keepsOnlyTheWindow() {
    HistoryStore store =
        new HistoryStore(config(Duration.ofMinutes(1), 10, Duration.ofMinutes(5)), clock);
    for (int i = 0; i < 10; i++) {
      report(store, i, "0");
      clock.advance(Duration.ofSeconds(10));
    }
    // Now = start + 100 s: points at 40..90 s are inside the last minute.
    SeriesPoints p = store.points(lag("0")).orElseThrow();
    assertArrayEquals(new double[] {4, 5, 6, 7, 8, 9}, p.values());
    assertEquals(6, store.pointCount());
  }

  @Test
  void capsPointsPerSeries() {
    HistoryStore store =
        new HistoryStore(config(Duration.ofDays(1), 10, Duration.ofDays(1)), clock);
    for (int i = 0; i < SeriesRing.MAX_POINTS + 100; i++) {
      report(store, i, "0");
      clock.advance(Duration.ofSeconds(1));
    }
    SeriesPoints p = store.points(lag("0")).orElseThrow();
    assertEquals(SeriesRing.MAX_POINTS, p.size());
    assertEquals(SeriesRing.MAX_POINTS + 99, p.values()[p.size() - 1], "newest kept");
    assertEquals(100, p.values()[0], "oldest dropped first");
  }

  @Test
  void refusesNewSeriesBeyondTheCapAndCountsThem() {
    HistoryStore store =
        new HistoryStore(config(Duration.ofMinutes(30), 2, Duration.ofMinutes(5)), clock);
    report(store, 1, "0", "1", "2", "3");
    assertEquals(2, store.seriesCount());
    assertEquals(2, store.droppedSeriesTotal());
    clock.advance(Duration.ofSeconds(10));
    report(store, 2, "0", "1");
    assertEquals(2, store.droppedSeriesTotal(), "known series are not dropped");
    assertEquals(2, store.points(lag("0")).orElseThrow().size());
  }

  @Test
  void forgetsSeriesNotReportedForStaleAfter() {
    HistoryStore store =
        new HistoryStore(config(Duration.ofMinutes(30), 10, Duration.ofMinutes(5)), clock);
    report(store, 1, "0", "1");
    clock.advance(Duration.ofMinutes(3));
    report(store, 2, "0");
    clock.advance(Duration.ofMinutes(3));
    report(store, 3, "0");

    assertTrue(store.points(lag("1")).isEmpty(), "partition 1 unseen for 6 min is gone");
    assertEquals(3, store.points(lag("0")).orElseThrow().size());
    assertEquals(1, store.seriesCount());
    assertEquals(3, store.pointCount());
  }

  @Test
  void repeatedObservationReplacesOutOfOrderIsIgnored() {
    HistoryStore store =
        new HistoryStore(config(Duration.ofMinutes(30), 10, Duration.ofMinutes(5)), clock);
    long t = clock.millis();
    Snapshot.Builder b = new Snapshot.Builder("cw", t);
    b.add(new io.kshealth.api.Sample(LAG, Labels.EMPTY, 1, t - 60_000));
    store.append(b.build());
    clock.advance(Duration.ofMinutes(1));
    Snapshot.Builder again = new Snapshot.Builder("cw", clock.millis());
    again.add(new io.kshealth.api.Sample(LAG, Labels.EMPTY, 2, t - 60_000));
    again.add(new io.kshealth.api.Sample(LAG, Labels.EMPTY, 9, t - 120_000));
    store.append(again.build());

    SeriesPoints p = store.points(new SeriesKey(LAG.name(), Labels.EMPTY)).orElseThrow();
    assertArrayEquals(new long[] {t - 60_000}, p.times());
    assertArrayEquals(new double[] {2}, p.values());
  }

  static final Metric RESTARTS = Metric.counter("kshealth_test_restarts_total", "Restarts.");

  private static final SeriesKey COUNTER = new SeriesKey(RESTARTS.name(), Labels.EMPTY);

  private HistoryStore store(int maxSeries) {
    return new HistoryStore(
        config(Duration.ofMinutes(30), maxSeries, Duration.ofMinutes(5)), clock);
  }

  /** A run of the "streams" collector whose target JVM started at {@code jvmStart}. */
  private void streamsRun(
      HistoryStore store, long jvmStart, double restarts, String... partitions) {
    Snapshot.Builder b = new Snapshot.Builder("streams", clock.millis()).sourceStart(jvmStart);
    b.add(RESTARTS, Labels.EMPTY, restarts);
    for (String p : partitions) {
      b.add(LAG, Labels.of("partition", p), 1);
    }
    store.append(b.build());
  }

  @Test
  void aSeriesTheNextRunLacksEndsThereAndRulesNoLongerSeeIt() {
    HistoryStore store = store(10);
    report(store, 1, "0", "1");
    clock.advance(Duration.ofSeconds(10));
    report(store, 2, "0");

    assertTrue(store.ended(lag("1")));
    assertFalse(store.ended(lag("0")));
    assertEquals(Set.of(Labels.of("partition", "0")), store.seriesNamed(LAG.name()).keySet());
    assertEquals(1, store.points(lag("1")).orElseThrow().size(), "its points stay");
    assertEquals(1, store.liveSeriesCount());
    assertEquals(1, store.endedSeriesCount());
    assertEquals(2, store.seriesCount());
  }

  @Test
  void aPartialRunEndsNothing() {
    HistoryStore store = store(10);
    report(store, 1, "0", "1");
    clock.advance(Duration.ofSeconds(10));
    store.append(
        new Snapshot.Builder("lag", clock.millis())
            .partial()
            .add(LAG, Labels.of("partition", "0"), 2)
            .build());
    assertEquals(2, store.seriesNamed(LAG.name()).size(), "partition 1 is unknown, not gone");
    assertEquals(0, store.endedSeriesCount());
  }

  @Test
  void anEndedSeriesReportedAgainIsLiveWithItsHistory() {
    HistoryStore store = store(10);
    report(store, 1, "0", "1");
    clock.advance(Duration.ofSeconds(10));
    report(store, 2, "0");
    clock.advance(Duration.ofSeconds(10));
    report(store, 3, "0", "1");

    assertArrayEquals(
        new double[] {1, 3},
        store.seriesNamed(LAG.name()).get(Labels.of("partition", "1")).values());
    assertEquals(0, store.endedSeriesCount());
    assertEquals(2, store.liveSeriesCount());
  }

  @Test
  void onlyARunOfTheCollectorThatReportedASeriesEndsIt() {
    HistoryStore store = store(10);
    report(store, "lag", 1, "0");
    clock.advance(Duration.ofSeconds(10));
    report(store, "other", 1, "9");
    assertFalse(store.ended(lag("0")));
    clock.advance(Duration.ofSeconds(10));
    report(store, "lag", 1);
    assertTrue(store.ended(lag("0")));
    assertFalse(store.ended(lag("9")));
  }

  @Test
  void aNewSeriesEvictsTheSeriesThatEndedFirstAndIsDroppedOnlyWhenAllAreLive() {
    HistoryStore store = store(3);
    report(store, 1, "a", "b", "c");
    clock.advance(Duration.ofSeconds(10));
    report(store, 1, "a", "b"); // c ends
    clock.advance(Duration.ofSeconds(10));
    report(store, 1, "a"); // b ends
    clock.advance(Duration.ofSeconds(10));

    report(store, 1, "a", "d");
    assertTrue(store.points(lag("c")).isEmpty(), "c ended first and made room");
    assertTrue(store.points(lag("b")).isPresent());
    report(store, 1, "a", "d", "e");
    assertTrue(store.points(lag("b")).isEmpty());
    assertEquals(0, store.droppedSeriesTotal());

    report(store, 1, "a", "d", "e", "f");
    assertTrue(store.points(lag("f")).isEmpty(), "every held series is live: f is refused");
    assertEquals(1, store.droppedSeriesTotal());
    assertEquals(3, store.liveSeriesCount());
    assertEquals(4 + 1 + 1, store.pointCount(), "a at 4 times, d and e at one");
  }

  @Test
  void staleAfterStillForgetsEndedSeries() {
    HistoryStore store = store(10);
    report(store, 1, "0", "1");
    clock.advance(Duration.ofSeconds(10));
    report(store, 1, "0");
    clock.advance(Duration.ofMinutes(6));
    report(store, 1, "0");
    assertTrue(store.points(lag("1")).isEmpty());
    assertEquals(0, store.endedSeriesCount());
    assertEquals(1, store.seriesCount());
  }

  @Test
  void aNewJvmEndsEverySeriesOfTheOldOneAndItsCountersCountFromZero() {
    HistoryStore store = store(10);
    long firstJvm = clock.millis() - Duration.ofHours(1).toMillis();
    streamsRun(store, firstJvm, 40, "0");
    clock.advance(Duration.ofSeconds(10));
    streamsRun(store, firstJvm, 41, "0");
    assertArrayEquals(new double[] {40, 41}, store.points(COUNTER).orElseThrow().values());

    clock.advance(Duration.ofSeconds(30));
    long secondJvm = clock.millis() - Duration.ofSeconds(20).toMillis();
    streamsRun(store, secondJvm, 2, "0");

    // The counter ended with the old JVM and started again with the new one: from zero at its
    // start, so that increase() counts the new JVM's 2 restarts, not a drop from 41.
    SeriesPoints p = store.points(COUNTER).orElseThrow();
    assertArrayEquals(new double[] {40, 41, 0, 2}, p.values());
    assertEquals(secondJvm, p.times()[2]);
    assertFalse(store.ended(COUNTER));
    assertEquals(3, store.seriesNamed(LAG.name()).get(Labels.of("partition", "0")).size());
  }

  @Test
  void aCounterStartsAtZeroOnlyWhenItsSourceStartedInsideTheWindowBeforeIt() {
    long now = clock.millis();
    HistoryStore young = store(10);
    streamsRun(young, now - 60_000, 3);
    assertArrayEquals(new long[] {now - 60_000, now}, young.points(COUNTER).orElseThrow().times());
    assertArrayEquals(new double[] {0, 3}, young.points(COUNTER).orElseThrow().values());

    HistoryStore old = store(10);
    streamsRun(old, now - Duration.ofMinutes(31).toMillis(), 3);
    assertArrayEquals(new double[] {3}, old.points(COUNTER).orElseThrow().values());

    HistoryStore unknown = store(10);
    unknown.append(new Snapshot.Builder("streams", now).add(RESTARTS, Labels.EMPTY, 3).build());
    assertArrayEquals(new double[] {3}, unknown.points(COUNTER).orElseThrow().values());

    HistoryStore gauge = store(10);
    gauge.append(
        new Snapshot.Builder("streams", now)
            .sourceStart(now - 60_000)
            .add(LAG, Labels.EMPTY, 3)
            .build());
    assertArrayEquals(
        new double[] {3},
        gauge.points(new SeriesKey(LAG.name(), Labels.EMPTY)).orElseThrow().values());
  }

  @Test
  void aRunWithoutASourceStartKeepsTheKnownOne() {
    HistoryStore store = store(10);
    long jvm = clock.millis() - Duration.ofHours(1).toMillis();
    streamsRun(store, jvm, 5, "0");
    clock.advance(Duration.ofSeconds(10));
    store.append(
        new Snapshot.Builder("streams", clock.millis())
            .add(RESTARTS, Labels.EMPTY, 6)
            .add(LAG, Labels.of("partition", "0"), 1)
            .build());
    clock.advance(Duration.ofSeconds(10));
    streamsRun(store, jvm, 7, "0");
    assertArrayEquals(new double[] {5, 6, 7}, store.points(COUNTER).orElseThrow().values());
  }
}
