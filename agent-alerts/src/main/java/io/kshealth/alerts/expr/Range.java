package io.kshealth.alerts.expr;

import io.kshealth.core.history.SeriesPoints;

/**
 * The points of one series within a time range ending at the evaluation time: a view over the
 * series' points, without copying them. {@code tooLong} says why every function of it is unknown (a
 * range longer than the history holds), or is null.
 */
record Range(
    SeriesPoints points, int from, int to, long startMillis, long endMillis, String tooLong) {

  static Range of(SeriesScope scope) {
    SeriesPoints p = scope.history();
    long window = scope.historyWindow().toMillis();
    return new Range(p, 0, p.size(), scope.nowMillis() - window, scope.nowMillis(), null)
        .sliceFrom(scope.nowMillis() - window);
  }

  /** The points at or after {@code startMillis}; both ends included, as Prometheus 2.x does. */
  Range sliceFrom(long start) {
    int i = from;
    while (i < to && points.times()[i] < start) {
      i++;
    }
    return new Range(points, i, to, start, endMillis, tooLong);
  }

  Range tooLong(String reason) {
    return new Range(points, from, to, startMillis, endMillis, reason);
  }

  int size() {
    return to - from;
  }

  long time(int i) {
    return points.times()[from + i];
  }

  double value(int i) {
    return points.values()[from + i];
  }

  double lengthSeconds() {
    return (endMillis - startMillis) / 1000.0;
  }
}
