package io.kshealth.alerts.expr;

import static io.kshealth.alerts.expr.Scopes.at;
import static io.kshealth.alerts.expr.Scopes.history;
import static io.kshealth.alerts.expr.Scopes.last;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/** The range functions against values worked out by hand from Prometheus 2.42's formulas. */
class WindowFunctionsTest {

  static final double NAN = Double.NaN;
  static final double INF = Double.POSITIVE_INFINITY;

  @Test
  void aggregatesOverTime() {
    Range r = history(at(30, 1, 20, 2, 10, 3, 0, 4));
    // Incremental mean: 1, 1 + (2/2 - 1/2) = 1.5, 1.5 + (3/3 - 1.5/3) = 2, 2 + (4/4 - 2/4) = 2.5.
    assertEquals(2.5, WindowFunctions.avg(r));
    assertEquals(10, WindowFunctions.sum(r));
    assertEquals(1, WindowFunctions.min(r));
    assertEquals(4, WindowFunctions.max(r));
    assertEquals(4, WindowFunctions.count(r));
    assertEquals(3, WindowFunctions.changes(r));
  }

  @Test
  void nanAsPrometheusTreatsIt() {
    Range r = history(at(40, 1, 30, 2, 20, NAN, 10, 4, 0, 4));
    // A NaN turns the mean and the sum into NaN, but is skipped by min and max.
    assertEquals(NAN, WindowFunctions.avg(r));
    assertEquals(NAN, WindowFunctions.sum(r));
    assertEquals(1, WindowFunctions.min(r));
    assertEquals(4, WindowFunctions.max(r));
    // 1->2, 2->NaN, NaN->4 change; 4->4 does not.
    assertEquals(3, WindowFunctions.changes(r));

    // min/max start from the first value; a NaN there gives way to any later number.
    Range nanFirst = history(at(20, NAN, 10, 3, 0, 1));
    assertEquals(1, WindowFunctions.min(nanFirst));
    assertEquals(3, WindowFunctions.max(nanFirst));
    // NaN->NaN is no change, NaN->1 is one.
    assertEquals(1, WindowFunctions.changes(history(at(20, NAN, 10, NAN, 0, 1))));
    assertEquals(NAN, WindowFunctions.max(history(at(0, NAN))));
  }

  @Test
  void anInfiniteMeanStaysInfinite() {
    // After +Inf a finite value would compute Inf - Inf: Prometheus skips it.
    assertEquals(INF, WindowFunctions.avg(history(at(20, 1, 10, INF, 0, 5))));
    assertEquals(INF, WindowFunctions.sum(history(at(20, 1, 10, INF, 0, 5))));
    // +Inf and -Inf: NaN.
    assertEquals(NAN, WindowFunctions.avg(history(at(10, INF, 0, -INF))));
  }

  @Test
  void anEmptyRangeIsUnknownButAbsent() {
    Range empty = last(60, at(120, 1));
    for (ToDoubleFunction<Range> f :
        List.<ToDoubleFunction<Range>>of(
            WindowFunctions::avg,
            WindowFunctions::min,
            WindowFunctions::max,
            WindowFunctions::sum,
            WindowFunctions::count,
            WindowFunctions::changes)) {
      UnknownData e = assertThrows(UnknownData.class, () -> f.applyAsDouble(empty));
      assertEquals("no points in the last 1m", e.getMessage());
    }
    assertTrue(WindowFunctions.absent(empty));
    assertFalse(WindowFunctions.absent(last(60, at(60, 1))));
  }

  @Test
  void lastIncludesBothEnds() {
    var points = at(61, 0, 60, 1, 30, 2, 0, 3);
    // The point exactly 60s before now is in the last 60s; the one at 61s is not.
    assertEquals(3, WindowFunctions.count(last(60, points)));
    assertEquals(1, WindowFunctions.min(last(60, points)));
    assertEquals(2, WindowFunctions.count(last(59, points)));
    // The history window includes its start too.
    assertEquals(2, WindowFunctions.count(history(at(1801, 7, 1800, 8, 0, 9))));
  }

  @Test
  void aRangeLongerThanTheHistoryIsUnknownToEveryFunctionButAbsent() {
    Range r = history(at(20, 1, 10, 2, 0, 3)).last(Duration.ofHours(1));
    UnknownData e = assertThrows(UnknownData.class, () -> WindowFunctions.avg(r));
    assertEquals("range 1h is longer than the 30m of history it is taken from", e.getMessage());
    assertThrows(UnknownData.class, () -> WindowFunctions.deriv(r));
    assertFalse(WindowFunctions.absent(r));
    assertThrows(
        IllegalArgumentException.class, () -> history(at(0, 1)).last(Duration.ofSeconds(-5)));
  }

  @Test
  void aTrendNeedsThreePointsOverHalfTheRange() {
    UnknownData twoPoints =
        assertThrows(UnknownData.class, () -> WindowFunctions.deriv(last(60, at(40, 1, 0, 2))));
    assertEquals("a trend needs 3 points over 30s, has 2 over 40s", twoPoints.getMessage());
    UnknownData tooShort =
        assertThrows(
            UnknownData.class, () -> WindowFunctions.deriv(last(60, at(20, 1, 10, 2, 0, 3))));
    assertEquals("a trend needs 3 points over 30s, has 3 over 20s", tooShort.getMessage());
    // Plain history: half the 30m window.
    UnknownData history =
        assertThrows(
            UnknownData.class,
            () -> WindowFunctions.timeUntil(history(at(240, 1, 120, 2, 0, 3)), 0));
    assertEquals("a trend needs 3 points over 15m, has 3 over 4m", history.getMessage());
    // Exactly half is enough.
    assertEquals(0.1, WindowFunctions.deriv(last(60, at(30, 1, 15, 2.5, 0, 4))), 1e-12);
    assertEquals(3, RuleLanguage.MIN_TREND_POINTS);
  }

  @Test
  void rateAndIncreaseExtrapolateAndHandleCounterResets() {
    // 10 20 30 | reset | 5 15, every 10s from 50s to 10s before now, over the last 60s.
    Range r = last(60, at(50, 10, 40, 20, 30, 30, 20, 5, 10, 15));
    // Increase 15 - 10 = 5, plus 30 lost at the reset: 35. Sampled over 40s, 10s apart on
    // average; 10s to each end is under 1.1 intervals, so extrapolate to the full 60s (the zero
    // point, 40 * 10/35 = 11.4s before the first, is further than the start): 35 * 60/40.
    assertEquals(52.5, WindowFunctions.increase(r), 1e-12);
    assertEquals(52.5 / 60, WindowFunctions.rate(r), 1e-12);
  }

  @Test
  void aYoungCounterCountsFromItsSecondPointAsInPrometheus() {
    // A client 30s old: its counter's zero at its start (as the history stores it), then 6 and 9,
    // over the last 15 minutes. Increase 9 over 30s; the zero is the first point, so nothing is
    // extrapolated before it; 0s to the end. Prometheus gives the same 9.
    Range r = last(900, at(30, 0, 15, 6, 0, 9));
    assertEquals(9, WindowFunctions.increase(r), 1e-12);
    // Without the zero point: 6 then 9, 15s apart. It was 0 at 15 * 6/3 = 30s before the first
    // point, further than 1.1 intervals (16.5s): half an interval, 7.5s. 3 * 22.5/15 = 4.5.
    assertEquals(4.5, WindowFunctions.increase(last(900, at(15, 6, 0, 9))), 1e-12);
    UnknownData one =
        assertThrows(UnknownData.class, () -> WindowFunctions.increase(last(900, at(0, 3))));
    assertEquals("a counter's increase needs 2 points in the last 15m, has 1", one.getMessage());
  }

  @Test
  void extrapolationStopsHalfAnIntervalPastAGap() {
    // 100..140 every 10s from 44s to 4s before now, over the last 60s: increase 40 over 40s.
    Range r = last(60, at(44, 100, 34, 110, 24, 120, 14, 130, 4, 140));
    // 16s to the start is over 1.1 intervals (11s): extend by half an interval, 5s. 4s to the
    // end: extend by 4s. 40 * (40 + 5 + 4) / 40 = 49.
    assertEquals(49, WindowFunctions.increase(r), 1e-12);
    assertEquals(49.0 / 60, WindowFunctions.rate(r), 1e-12);
  }

  @Test
  void aCounterIsNotExtrapolatedToBelowZero() {
    // 1 11 21 31 41 from 50s to 10s before now: increase 40; it was 0 at 40 * 1/40 = 1s before
    // the first point, nearer than the range's start (10s): 40 * (40 + 1 + 10) / 40 = 51.
    Range r = last(60, at(50, 1, 40, 11, 30, 21, 20, 31, 10, 41));
    assertEquals(51, WindowFunctions.increase(r), 1e-12);
  }

  @Test
  void derivIsTheLeastSquaresSlope() {
    // x = 0, 10, 20 (from the first point), y = 1, 3, 2: n = 3, Σx = 30, Σy = 6, Σxy = 70,
    // Σx² = 500. cov = 70 - 30*6/3 = 10, var = 500 - 30*30/3 = 200, slope = 0.05.
    assertEquals(0.05, WindowFunctions.deriv(last(30, at(20, 1, 10, 3, 0, 2))), 1e-15);
    // All equal: exactly 0.
    assertEquals(0.0, WindowFunctions.deriv(last(30, at(20, 0.1, 10, 0.1, 0, 0.1))));
  }

  @Test
  void predictLinearFollowsTheLineFromNow() {
    // x = -20, -10, 0 (from now), y = 1, 3, 2: Σx = -30, Σy = 6, Σxy = -50, Σx² = 500.
    // cov = -50 + 60 = 10, var = 500 - 300 = 200: slope 0.05, intercept 6/3 - 0.05*(-30)/3 = 2.5.
    // 60s ahead: 0.05 * 60 + 2.5 = 5.5.
    Range r = last(30, at(20, 1, 10, 3, 0, 2));
    assertEquals(5.5, WindowFunctions.predictLinear(r, Duration.ofMinutes(1)), 1e-12);
    assertEquals(2.5, WindowFunctions.predictLinear(r, Duration.ZERO), 1e-12);
    // A flat series predicts its value.
    assertEquals(
        7.0, WindowFunctions.predictLinear(last(30, at(20, 7, 10, 7, 0, 7)), Duration.ofHours(1)));
  }

  @Test
  void timeUntilTheLineReachesTheThreshold() {
    // Rising: slope 0.05, at 2.5 now (as above): 4.0 in (4 - 2.5) / 0.05 = 30s.
    Range rising = last(30, at(20, 1, 10, 3, 0, 2));
    assertEquals(30, WindowFunctions.timeUntil(rising, 4.0), 1e-9);
    // 0 was crossed 50s ago; the line heads away.
    assertEquals(INF, WindowFunctions.timeUntil(rising, 0.0));
    // Falling: y = 3, 1, 2 gives slope -0.05 and 2 - 0.5 = 1.5 now: 0 in 1.5 / 0.05 = 30s.
    Range falling = last(30, at(20, 3, 10, 1, 0, 2));
    assertEquals(30, WindowFunctions.timeUntil(falling, 0.0), 1e-9);
    // Flat: never, even at the threshold itself.
    Range flat = last(30, at(20, 2, 10, 2, 0, 2));
    assertEquals(INF, WindowFunctions.timeUntil(flat, 0.0));
    assertEquals(INF, WindowFunctions.timeUntil(flat, 2.0));
  }
}
