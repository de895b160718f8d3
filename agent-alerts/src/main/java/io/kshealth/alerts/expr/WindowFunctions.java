package io.kshealth.alerts.expr;

import static io.kshealth.alerts.expr.RuleLanguage.MIN_TREND_POINTS;
import static io.kshealth.alerts.expr.RuleLanguage.MIN_TREND_SPAN;

import io.kshealth.core.config.Units;
import java.time.Duration;

/**
 * The functions over a range, computed as Prometheus 2.42 computes the PromQL functions of the same
 * names (promql/functions.go), so that a rule and its Prometheus twin give the same numbers. Each
 * throws {@link UnknownData} when the range cannot answer.
 */
final class WindowFunctions {

  private WindowFunctions() {}

  /** Prometheus' incremental mean, which stays finite where a plain sum would overflow. */
  static double avg(Range r) {
    requirePoints(r);
    KahanSum mean = new KahanSum();
    for (int i = 0; i < r.size(); i++) {
      double v = r.value(i);
      double count = i + 1;
      if (Double.isInfinite(mean.sum)) {
        // Inf - Inf would turn the mean into NaN: an infinite mean stays as it is unless a NaN or
        // an infinity of the other sign comes along.
        boolean sameInfinity = Double.isInfinite(v) && (mean.sum > 0) == (v > 0);
        if (sameInfinity || Double.isFinite(v)) {
          continue;
        }
      }
      mean.add(v / count - mean.sum / count);
    }
    return mean.value();
  }

  /** The smallest value; a NaN counts only when nothing else is there. */
  static double min(Range r) {
    requirePoints(r);
    double min = r.value(0);
    for (int i = 0; i < r.size(); i++) {
      if (r.value(i) < min || Double.isNaN(min)) {
        min = r.value(i);
      }
    }
    return min;
  }

  /** The largest value; a NaN counts only when nothing else is there. */
  static double max(Range r) {
    requirePoints(r);
    double max = r.value(0);
    for (int i = 0; i < r.size(); i++) {
      if (r.value(i) > max || Double.isNaN(max)) {
        max = r.value(i);
      }
    }
    return max;
  }

  static double sum(Range r) {
    requirePoints(r);
    KahanSum sum = new KahanSum();
    for (int i = 0; i < r.size(); i++) {
      sum.add(r.value(i));
    }
    return sum.value();
  }

  static double count(Range r) {
    requirePoints(r);
    return r.size();
  }

  /** How often the value differs from the one before; NaN followed by NaN is no change. */
  static double changes(Range r) {
    requirePoints(r);
    int changes = 0;
    for (int i = 1; i < r.size(); i++) {
      double prev = r.value(i - 1);
      double cur = r.value(i);
      if (cur != prev && !(Double.isNaN(cur) && Double.isNaN(prev))) {
        changes++;
      }
    }
    return changes;
  }

  /** Never unknown: an empty range is exactly what this asks about. */
  static boolean absent(Range r) {
    return r.size() == 0;
  }

  static double rate(Range r) {
    return extrapolatedIncrease(r, true);
  }

  static double increase(Range r) {
    return extrapolatedIncrease(r, false);
  }

  /**
   * Prometheus' extrapolatedRate for counters: a drop is a reset, which adds the value before it;
   * the increase is extrapolated to the range's ends when the first and last points are within 1.1
   * average intervals of them (else by half an interval), and never to before the counter was zero.
   * Two points are enough, as in Prometheus: a counter does not jitter as a gauge does, and a young
   * series (a client that just started, its history starting at zero) must count from its first
   * increase, not after half the range.
   */
  private static double extrapolatedIncrease(Range r, boolean perSecond) {
    requireWithinHistory(r);
    if (r.size() < 2) {
      throw new UnknownData(
          "a counter's increase needs 2 points in the last "
              + span(r.lengthSeconds())
              + ", has "
              + r.size());
    }
    int last = r.size() - 1;
    double first = r.value(0);
    double increase = r.value(last) - first;
    double previous = first;
    for (int i = 1; i <= last; i++) {
      if (r.value(i) < previous) {
        increase += previous;
      }
      previous = r.value(i);
    }
    double toStart = (r.time(0) - r.startMillis()) / 1000.0;
    double toEnd = (r.endMillis() - r.time(last)) / 1000.0;
    double sampled = (r.time(last) - r.time(0)) / 1000.0;
    double averageInterval = sampled / last;
    if (increase > 0 && first >= 0) {
      double toZero = sampled * (first / increase);
      if (toZero < toStart) {
        toStart = toZero;
      }
    }
    double threshold = averageInterval * 1.1;
    double extrapolated = sampled;
    extrapolated += toStart < threshold ? toStart : averageInterval / 2;
    extrapolated += toEnd < threshold ? toEnd : averageInterval / 2;
    // The same operations in the same order as Prometheus, for the same last bits.
    double factor = extrapolated / sampled;
    if (perSecond) {
      factor /= r.lengthSeconds();
    }
    return increase * factor;
  }

  /** Slope per second of the least-squares line. */
  static double deriv(Range r) {
    requireTrend(r);
    // Prometheus puts x = 0 at the first point, to keep x*x small.
    return Line.fit(r, r.time(0)).slope;
  }

  /** The least-squares line's value {@code ahead} from now (the range's end). */
  static double predictLinear(Range r, Duration ahead) {
    requireTrend(r);
    Line line = Line.fit(r, r.endMillis());
    return line.slope * (ahead.toMillis() / 1000.0) + line.intercept;
  }

  /**
   * Seconds from now until the least-squares line reaches {@code threshold}; +Inf when the line is
   * flat or heads away from it (a line that crossed it before now heads away). Whether the value is
   * already past the threshold is for a comparison of {@code value} to say.
   */
  static double timeUntil(Range r, double threshold) {
    requireTrend(r);
    Line line = Line.fit(r, r.endMillis());
    double seconds = (threshold - line.intercept) / line.slope;
    return seconds >= 0 ? seconds : Double.POSITIVE_INFINITY;
  }

  /** A least-squares line: slope per second, and its value at the intercept time. */
  private record Line(double slope, double intercept) {

    /** Prometheus' linearRegression, with x in seconds from {@code interceptMillis}. */
    static Line fit(Range r, long interceptMillis) {
      KahanSum sumX = new KahanSum();
      KahanSum sumY = new KahanSum();
      KahanSum sumXY = new KahanSum();
      KahanSum sumX2 = new KahanSum();
      double initY = r.value(0);
      boolean constY = true;
      double n = 0;
      for (int i = 0; i < r.size(); i++) {
        double y = r.value(i);
        if (i > 0 && y != initY) {
          constY = false;
        }
        n += 1;
        double x = (r.time(i) - interceptMillis) / 1e3;
        sumX.add(x);
        sumY.add(y);
        sumXY.add(x * y);
        sumX2.add(x * x);
      }
      if (constY) {
        // Exactly flat, without the rounding noise the sums would leave.
        return Double.isInfinite(initY) ? new Line(Double.NaN, Double.NaN) : new Line(0, initY);
      }
      double sx = sumX.sum + sumX.c;
      double sy = sumY.sum + sumY.c;
      double covXY = sumXY.sum + sumXY.c - sx * sy / n;
      double varX = sumX2.sum + sumX2.c - sx * sx / n;
      double slope = covXY / varX;
      return new Line(slope, sy / n - slope * sx / n);
    }
  }

  /** Kahan-Babuska-Neumaier summation, as Prometheus' kahanSumInc. */
  private static final class KahanSum {
    double sum;
    double c;

    void add(double inc) {
      double t = sum + inc;
      if (Math.abs(sum) >= Math.abs(inc)) {
        c += (sum - t) + inc;
      } else {
        c += (inc - t) + sum;
      }
      sum = t;
    }

    /** The compensated sum; an infinite sum has no meaningful compensation. */
    double value() {
      return Double.isInfinite(sum) ? sum : sum + c;
    }
  }

  private static void requirePoints(Range r) {
    requireWithinHistory(r);
    if (r.size() == 0) {
      throw new UnknownData("no points in the last " + span(r.lengthSeconds()));
    }
  }

  private static void requireTrend(Range r) {
    requireWithinHistory(r);
    double spanned = r.size() < 2 ? 0 : (r.time(r.size() - 1) - r.time(0)) / 1000.0;
    double needed = r.lengthSeconds() * MIN_TREND_SPAN;
    if (r.size() < MIN_TREND_POINTS || spanned < needed) {
      throw new UnknownData(
          "a trend needs "
              + MIN_TREND_POINTS
              + " points over "
              + span(needed)
              + ", has "
              + r.size()
              + " over "
              + span(spanned));
    }
  }

  private static void requireWithinHistory(Range r) {
    if (r.tooLong() != null) {
      throw new UnknownData(r.tooLong());
    }
  }

  private static String span(double seconds) {
    return Units.formatDuration(Duration.ofMillis(Math.round(seconds * 1000)));
  }
}
