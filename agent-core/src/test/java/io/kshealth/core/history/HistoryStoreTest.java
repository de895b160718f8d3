package io.kshealth.core.history;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.core.config.HistoryConfig;
import io.kshealth.core.model.Labels;
import io.kshealth.core.model.Metric;
import io.kshealth.core.model.SeriesKey;
import io.kshealth.core.model.Snapshot;
import io.kshealth.core.testing.MutableClock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HistoryStoreTest {

  static final Metric LAG = Metric.gauge("kshealth_test_lag", "Lag.");

  private final MutableClock clock = new MutableClock();

  static HistoryConfig config(Duration window, int maxSeries, Duration staleAfter) {
    return new HistoryConfig(window, maxSeries, staleAfter, Optional.empty(), 1 << 20);
  }

  private void report(HistoryStore store, double value, String... partitions) {
    Snapshot.Builder b = new Snapshot.Builder("lag", clock.millis());
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
    b.add(new io.kshealth.core.model.Sample(LAG, Labels.EMPTY, 1, t - 60_000));
    store.append(b.build());
    clock.advance(Duration.ofMinutes(1));
    Snapshot.Builder again = new Snapshot.Builder("cw", clock.millis());
    again.add(new io.kshealth.core.model.Sample(LAG, Labels.EMPTY, 2, t - 60_000));
    again.add(new io.kshealth.core.model.Sample(LAG, Labels.EMPTY, 9, t - 120_000));
    store.append(again.build());

    SeriesPoints p = store.points(new SeriesKey(LAG.name(), Labels.EMPTY)).orElseThrow();
    assertArrayEquals(new long[] {t - 60_000}, p.times());
    assertArrayEquals(new double[] {2}, p.values());
  }
}
