package io.kshealth.core.history;

/**
 * A copy of one series' points, oldest first: {@code times[i]} (epoch millis) and {@code
 * values[i]}.
 */
public record SeriesPoints(long[] times, double[] values) {

  public int size() {
    return times.length;
  }
}
