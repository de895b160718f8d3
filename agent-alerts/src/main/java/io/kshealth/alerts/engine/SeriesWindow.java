package io.kshealth.alerts.engine;

import io.kshealth.core.history.SeriesPoints;
import java.time.Duration;
import java.util.Arrays;

/** Cuts a series' points down to a window ending at the evaluation time, both ends included. */
final class SeriesWindow {

  private SeriesWindow() {}

  static SeriesPoints within(SeriesPoints points, long nowMillis, Duration window) {
    long[] t = points.times();
    int from = 0;
    while (from < t.length && t[from] < nowMillis - window.toMillis()) {
      from++;
    }
    int to = t.length;
    while (to > from && t[to - 1] > nowMillis) {
      to--;
    }
    if (from == 0 && to == t.length) {
      return points;
    }
    return new SeriesPoints(
        Arrays.copyOfRange(t, from, to), Arrays.copyOfRange(points.values(), from, to));
  }
}
