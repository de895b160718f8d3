package io.kshealth.core.http.page;

import io.kshealth.api.Labels;
import io.kshealth.core.history.SeriesPoints;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One key series read from the history, ready to draw: at most {@link #MAX_POINTS} points, oldest
 * first, non-finite values left out. Each bucket of time keeps every label set's worst value (so a
 * short lag spike survives downsampling), then the label sets combine.
 *
 * @param metric the metric drawn (for burst credits, the balance or its forecast)
 * @param latest the combined value of every label set's newest point
 */
record Trend(KeySeries series, String metric, long[] times, double[] values, double latest) {

  /** Enough for a 240 px wide line; keeps the page small whatever the history's window. */
  static final int MAX_POINTS = 120;

  /** The series read from the history, or empty when none of its metrics has a finite point. */
  static Optional<Trend> read(
      KeySeries series, Function<String, Map<Labels, SeriesPoints>> history) {
    for (String metric : series.metrics()) {
      Optional<Trend> trend = read(series, metric, history.apply(metric));
      if (trend.isPresent()) {
        return trend;
      }
    }
    return Optional.empty();
  }

  static Optional<Trend> read(KeySeries series, String metric, Map<Labels, SeriesPoints> byLabels) {
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (SeriesPoints p : byLabels.values()) {
      for (int i = 0; i < p.size(); i++) {
        if (Double.isFinite(p.values()[i])) {
          first = Math.min(first, p.times()[i]);
          last = Math.max(last, p.times()[i]);
        }
      }
    }
    if (first > last) {
      return Optional.empty();
    }
    KeySeries.Combine combine = series.combine();
    double[] combined = new double[MAX_POINTS];
    long[] bucketTimes = new long[MAX_POINTS];
    Arrays.fill(combined, Double.NaN);
    double latest = Double.NaN;
    for (SeriesPoints p : byLabels.values()) {
      double[] worst = new double[MAX_POINTS];
      Arrays.fill(worst, Double.NaN);
      double newest = Double.NaN;
      for (int i = 0; i < p.size(); i++) {
        double v = p.values()[i];
        if (!Double.isFinite(v)) {
          continue;
        }
        int b = bucket(p.times()[i], first, last);
        worst[b] = Double.isNaN(worst[b]) ? v : combine.worse(worst[b], v);
        bucketTimes[b] = Math.max(bucketTimes[b], p.times()[i]);
        newest = v;
      }
      for (int b = 0; b < MAX_POINTS; b++) {
        combined[b] = merge(combine, combined[b], worst[b]);
      }
      latest = merge(combine, latest, newest);
    }
    int n = (int) Arrays.stream(combined).filter(v -> !Double.isNaN(v)).count();
    long[] times = new long[n];
    double[] values = new double[n];
    for (int b = 0, j = 0; b < MAX_POINTS; b++) {
      if (!Double.isNaN(combined[b])) {
        times[j] = bucketTimes[b];
        values[j++] = combined[b];
      }
    }
    return Optional.of(new Trend(series, metric, times, values, latest));
  }

  private static int bucket(long time, long first, long last) {
    if (last == first) {
      return 0;
    }
    return (int) ((double) (time - first) / (last - first) * (MAX_POINTS - 1));
  }

  private static double merge(KeySeries.Combine combine, double sofar, double next) {
    if (Double.isNaN(next)) {
      return sofar;
    }
    return Double.isNaN(sofar) ? next : combine.of(sofar, next);
  }
}
