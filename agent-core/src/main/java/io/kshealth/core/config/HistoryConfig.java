package io.kshealth.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The local history store: how far back it keeps points, how many series it holds at most, how long
 * a series that stopped being reported is kept, and where it is saved across restarts (nowhere when
 * {@code dataDir} is empty) with an upper bound on the saved file.
 */
public record HistoryConfig(
    Duration window,
    int maxSeries,
    Duration staleAfter,
    Optional<Path> dataDir,
    long maxFileBytes) {

  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(30);
  public static final int DEFAULT_MAX_SERIES = 4_000;
  public static final Duration DEFAULT_STALE_AFTER = Duration.ofMinutes(5);
  public static final long DEFAULT_MAX_FILE_BYTES = 64L << 20;

  /** Heap per series and per point, as measured by bench/history-memory.sh (docs/benchmarks.md). */
  static final long BYTES_PER_SERIES = 450;

  static final long BYTES_PER_POINT = 20;

  /** The most points one series holds, whatever the window and interval. */
  public static final int MAX_POINTS_PER_SERIES = 4096;

  /**
   * The heap the history needs when full: {@code maxSeries} series, each holding a window's worth
   * of points at the shortest collector interval.
   */
  public long estimatedHeapBytes(Duration shortestInterval) {
    long points =
        Math.min(MAX_POINTS_PER_SERIES, window.toMillis() / shortestInterval.toMillis() + 1);
    return maxSeries * (BYTES_PER_SERIES + BYTES_PER_POINT * points);
  }
}
