package io.kshealth.alerts.expr;

import io.kshealth.core.config.Units;
import java.time.Duration;

/**
 * The functions over a range, computed as Prometheus 2.42 computes the PromQL functions of the same
 * names, so that a rule and its Prometheus twin give the same numbers. Each throws {@link
 * UnknownData} when the range cannot answer.
 */
final class WindowFunctions {

  /** The fewest points a trend is computed from. */
  static final int MIN_TREND_POINTS = 3;

  /** The part of the range's length the points of a trend must span. */
  static final double MIN_TREND_SPAN = 0.5;

  private WindowFunctions() {}

  static double avg(Range r) {
    requirePoints(r);
    double mean = 0;
    double c = 0;
    for (int i = 0; i < r.size(); i++) {
      double count = i + 1;
      double[] kahan = kahanSumInc(r.value(i) / count - mean / count, mean, c);
      mean = kahan[0];
      c = kahan[1];
    }
    return Double.isInfinite(mean) ? mean : mean + c;
  }

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
    double sum = 0;
    double c = 0;
    for (int i = 0; i < r.size(); i++) {
      double[] kahan = kahanSumInc(r.value(i), sum, c);
      sum = kahan[0];
      c = kahan[1];
    }
    return Double.isInfinite(sum) ? sum : sum + c;
  }

  static double count(Range r) {
    requirePoints(r);
    return r.size();
  }

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

  static boolean absent(Range r) {
    return r.size() == 0;
  }

  static double rate(Range r) {
    return extrapolatedDelta(r) / r.lengthSeconds();
  }

  static double increase(Range r) {
    return extrapolatedDelta(r);
  }

  /** Prometheus' extrapolatedRate for counters: resets add the value before them. */
  private static double extrapolatedDelta(Range r) {
    requireTrend(r);
    int n = r.size();
    double first = r.value(0);
    double delta = r.value(n - 1) - first;
    double last = 0;
    for (int i = 0; i < n; i++) {
      if (r.value(i) < last) {
        delta += last;
      }
      last = r.value(i);
    }
    double toStart = (r.time(0) - r.startMillis()) / 1000.0;
    double toEnd = (r.endMillis() - r.time(n - 1)) / 1000.0;
    double sampled = (r.time(n - 1) - r.time(0)) / 1000.0;
    double averageInterval = sampled / (n - 1);
    if (delta > 0 && first >= 0) {
      double toZero = sampled * (first / delta);
      if (toZero < toStart) {
        toStart = toZero;
      }
    }
    double threshold = averageInterval * 1.1;
    double extrapolateTo = sampled;
    extrapolateTo += toStart < threshold ? toStart : averageInterval / 2;
    extrapolateTo += toEnd < threshold ? toEnd : averageInterval / 2;
    return delta * (extrapolateTo / sampled);
  }

  static double deriv(Range r) {
    requireTrend(r);
    return regression(r, r.time(0))[0];
  }

  static double predictLinear(Range r, Duration ahead) {
    requireTrend(r);
    double[] line = regression(r, r.endMillis());
    return line[0] * (ahead.toMillis() / 1000.0) + line[1];
  }

  /**
   * Seconds from now until the least-squares line reaches {@code threshold}; +Inf when the line is
   * flat, or reached it before now and heads away.
   */
  static double timeUntil(Range r, double threshold) {
    requireTrend(r);
    double[] line = regression(r, r.endMillis());
    double seconds = (threshold - line[1]) / line[0];
    return seconds >= 0 ? seconds : Double.POSITIVE_INFINITY;
  }

  /**
   * Prometheus' linearRegression: slope per second and intercept at {@code interceptMillis}; an
   * all-equal series has slope 0 exactly (no rounding noise).
   */
  private static double[] regression(Range r, long interceptMillis) {
    double n = 0;
    double[] sumX = {0, 0};
    double[] sumY = {0, 0};
    double[] sumXY = {0, 0};
    double[] sumX2 = {0, 0};
    double initY = r.value(0);
    boolean constY = true;
    for (int i = 0; i < r.size(); i++) {
      double y = r.value(i);
      if (constY && i > 0 && y != initY) {
        constY = false;
      }
      n += 1;
      double x = (r.time(i) - interceptMillis) / 1e3;
      sumX = kahanSumInc(x, sumX[0], sumX[1]);
      sumY = kahanSumInc(y, sumY[0], sumY[1]);
      sumXY = kahanSumInc(x * y, sumXY[0], sumXY[1]);
      sumX2 = kahanSumInc(x * x, sumX2[0], sumX2[1]);
    }
    if (constY) {
      return Double.isInfinite(initY)
          ? new double[] {Double.NaN, Double.NaN}
          : new double[] {0, initY};
    }
    double sx = sumX[0] + sumX[1];
    double sy = sumY[0] + sumY[1];
    double sxy = sumXY[0] + sumXY[1];
    double sx2 = sumX2[0] + sumX2[1];
    double covXY = sxy - sx * sy / n;
    double varX = sx2 - sx * sx / n;
    double slope = covXY / varX;
    return new double[] {slope, sy / n - slope * sx / n};
  }

  /** Kahan-Babuska-Neumaier summation, as Prometheus' kahanSumInc: {sum, compensation}. */
  private static double[] kahanSumInc(double inc, double sum, double c) {
    double t = sum + inc;
    if (Math.abs(sum) >= Math.abs(inc)) {
      c += (sum - t) + inc;
    } else {
      c += (inc - t) + sum;
    }
    return new double[] {t, c};
  }

  private static void requirePoints(Range r) {
    known(r);
    if (r.size() == 0) {
      throw new UnknownData("no points in the last " + span(r.lengthSeconds()));
    }
  }

  private static void requireTrend(Range r) {
    known(r);
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

  private static void known(Range r) {
    if (r.tooLong() != null) {
      throw new UnknownData(r.tooLong());
    }
  }

  private static String span(double seconds) {
    return Units.formatDuration(Duration.ofMillis(Math.round(seconds * 1000)));
  }
}
