package io.kshealth.collectors.statedir;

import io.kshealth.api.Labels;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * How fast each series grows, in units per second: the least-squares slope of this collector's own
 * readings over a sliding window. Kept here rather than left to Prometheus because the agent must
 * see a store that grows without bound (Kafka Streams stores have no TTL) on its own.
 *
 * <p>Each series keeps a bounded deque of (time, value) points: points older than the window are
 * dropped, and readings closer together than a 32nd of the window replace the newest point rather
 * than adding one, so a short interval cannot make the deque, or the agent's heap, grow. Series not
 * read in a run are forgotten (a store that moved to another instance). Not thread-safe: one
 * collector run at a time.
 */
final class GrowthRates {

  /** A reading replaces the newest point unless the one before is at least this far back. */
  private static final int SPACINGS_PER_WINDOW = 32;

  /** Two points per spacing at most, plus the partial spacings at both ends. */
  static final int CAPACITY = 2 * SPACINGS_PER_WINDOW + 4;

  private final long windowMillis;
  private final long spacingMillis;
  private final Map<Labels, Series> series = new HashMap<>();
  private long run;

  GrowthRates(Duration window) {
    this.windowMillis = window.toMillis();
    this.spacingMillis = Math.max(1, windowMillis / SPACINGS_PER_WINDOW);
  }

  /**
   * Adds a reading and returns the slope over the window; empty until the window holds readings
   * from two runs at different times.
   */
  OptionalDouble record(Labels labels, long timeMillis, double value) {
    Series s = series.computeIfAbsent(labels, l -> new Series());
    s.lastRun = run;
    return s.add(timeMillis, value);
  }

  /** Forgets the series that this run did not record. */
  void endRun() {
    series.values().removeIf(s -> s.lastRun != run);
    run++;
  }

  /** How many series it keeps. */
  int size() {
    return series.size();
  }

  /** How many points a series keeps; 0 for a series it does not know. */
  int points(Labels labels) {
    Series s = series.get(labels);
    return s == null ? 0 : s.count;
  }

  /** A ring of points, oldest at {@code head}. */
  private final class Series {
    private final long[] times = new long[CAPACITY];
    private final double[] values = new double[CAPACITY];
    private int head;
    private int count;
    private long lastRun;

    OptionalDouble add(long time, double value) {
      if (count > 0 && time < timeAt(count - 1)) {
        count = 0; // The clock went back: old times would make a nonsense slope.
      }
      while (count > 0 && timeAt(0) < time - windowMillis) {
        head = (head + 1) % CAPACITY;
        count--;
      }
      boolean replaceNewest =
          count > 0
              && (time == timeAt(count - 1)
                  || count >= 2 && time - timeAt(count - 2) < spacingMillis);
      if (!replaceNewest) {
        if (count == CAPACITY) {
          head = (head + 1) % CAPACITY;
          count--;
        }
        count++;
      }
      int i = (head + count - 1) % CAPACITY;
      times[i] = time;
      values[i] = value;
      return slope();
    }

    private OptionalDouble slope() {
      if (count < 2) {
        return OptionalDouble.empty();
      }
      // Seconds from the oldest point: small numbers keep the sums exact enough.
      double meanX = 0;
      double meanY = 0;
      for (int i = 0; i < count; i++) {
        meanX += (timeAt(i) - timeAt(0)) / 1000.0;
        meanY += valueAt(i);
      }
      meanX /= count;
      meanY /= count;
      double sxy = 0;
      double sxx = 0;
      for (int i = 0; i < count; i++) {
        double dx = (timeAt(i) - timeAt(0)) / 1000.0 - meanX;
        sxy += dx * (valueAt(i) - meanY);
        sxx += dx * dx;
      }
      return sxx > 0 ? OptionalDouble.of(sxy / sxx) : OptionalDouble.empty();
    }

    private long timeAt(int i) {
      return times[(head + i) % CAPACITY];
    }

    private double valueAt(int i) {
      return values[(head + i) % CAPACITY];
    }
  }
}
