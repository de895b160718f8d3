package io.kshealth.core.config;

import io.kshealth.api.HeapBound;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the history costs in heap when full, and whether that fits the heap the agent runs in.
 *
 * <p>The worst case is every one of {@code history.max-series} series holding a window's worth of
 * points at the shortest collector interval: one of the bounds of the {@link HeapBudget}; a default
 * {@code max-series} is lowered to what fits beside the other bounds instead (see {@link
 * ConfigLoader}). Example: 6,000 series over 30 minutes at 5 s need 27.5 MiB.
 */
public final class HistoryHeap {

  /**
   * Heap per series besides its points: the key (name and labels), the map entry and the ring, as
   * measured by bench/history-memory.sh (docs/benchmarks.md).
   */
  static final long BYTES_PER_SERIES = 312;

  /** Per slot of a ring: an {@code int} time and a {@code double} value. */
  static final long BYTES_PER_SLOT = 12;

  /** A ring's first allocation. */
  public static final int MIN_SLOTS = 8;

  private HistoryHeap() {}

  /**
   * The slots a ring settles at for a series of {@code points} points: the points plus 1/32 and 2
   * for jitter in the collection times, so that a few runs that come early do not make it grow.
   */
  public static int slots(int points) {
    long slots = (long) points + points / 32 + 2;
    return (int) Math.max(MIN_SLOTS, Math.min(HistoryConfig.MAX_POINTS_PER_SERIES, slots));
  }

  /** The points one series holds when its collector runs every {@code interval}. */
  static int points(HistoryConfig history, Duration interval) {
    long points = history.window().toMillis() / Math.max(1, interval.toMillis()) + 1;
    return (int) Math.min(HistoryConfig.MAX_POINTS_PER_SERIES, points);
  }

  static long bytesPerSeries(HistoryConfig history, Duration interval) {
    return BYTES_PER_SERIES + BYTES_PER_SLOT * slots(points(history, interval));
  }

  /**
   * The heap the history needs when full: {@code maxSeries} series, each holding a window's worth
   * of points at the shortest collector interval.
   */
  public static long worstCaseBytes(HistoryConfig history, Duration shortestInterval) {
    return history.maxSeries() * bytesPerSeries(history, shortestInterval);
  }

  /** The shortest interval of the collectors, if any. */
  public static Optional<Duration> shortestInterval(List<CollectorConfig> collectors) {
    return collectors.stream().map(CollectorConfig::interval).min(Duration::compareTo);
  }

  /** The history's bound on the heap: {@code history.max-series} series when full. */
  static HeapBound bound(HistoryConfig history, Duration shortestInterval) {
    return new HeapBound(
        "max-series",
        "series of "
            + Units.formatDuration(history.window())
            + " at "
            + Units.formatDuration(shortestInterval),
        history.maxSeries(),
        bytesPerSeries(history, shortestInterval));
  }
}
