package io.kshealth.alerts.expr;

import io.kshealth.api.Labels;
import io.kshealth.core.history.SeriesPoints;
import io.kshealth.core.schedule.Deadline;
import java.time.Duration;
import java.util.Map;

/**
 * Series as the tests see them: evaluated at {@link #NOW}, 30m of history, a 5m lookback, every
 * minute.
 */
final class Scopes {

  static final long NOW = 3_600_000;
  static final Duration WINDOW = Duration.ofMinutes(30);
  static final Duration LOOKBACK = Duration.ofMinutes(5);
  static final Duration STEP = Duration.ofMinutes(1);
  static final Labels LABELS = Labels.of("device", "nvme1n1", "volume_id", "vol-0a");

  private Scopes() {}

  /**
   * Points from pairs of (seconds before now, value), oldest first: {@code at(20, 1.0, 0, 2.0)}.
   */
  static SeriesPoints at(double... secondsAgoThenValue) {
    int n = secondsAgoThenValue.length / 2;
    long[] times = new long[n];
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      times[i] = NOW - Math.round(secondsAgoThenValue[2 * i] * 1000);
      values[i] = secondsAgoThenValue[2 * i + 1];
    }
    return new SeriesPoints(times, values);
  }

  static SeriesScope scope(double value, SeriesPoints history) {
    return scope(value, history, metric -> Map.of());
  }

  static SeriesScope scope(double value, SeriesPoints history, SeriesSource others) {
    return new SeriesScope(
        NOW, LABELS, value, history, WINDOW, LOOKBACK, STEP, others, Deadline.NONE);
  }

  /** The series' {@code history}. */
  static Range history(SeriesPoints points) {
    return Range.of(scope(Double.NaN, points));
  }

  /** {@code history.last(duration('<seconds>s'))}. */
  static Range last(long seconds, SeriesPoints points) {
    return history(points).last(Duration.ofSeconds(seconds));
  }
}
