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
  public static final int DEFAULT_MAX_SERIES = 6_000;
  public static final Duration DEFAULT_STALE_AFTER = Duration.ofMinutes(5);
  public static final long DEFAULT_MAX_FILE_BYTES = 64L << 20;

  /**
   * The longest window: the history keeps a point's time as an {@code int} of milliseconds after
   * its series' oldest point, which holds 24.8 days.
   */
  public static final Duration MAX_WINDOW = Duration.ofDays(24);

  /** The most points one series holds, whatever the window and interval. */
  public static final int MAX_POINTS_PER_SERIES = 4096;

  /** The same, holding at most {@code maxSeries} series. */
  public HistoryConfig withMaxSeries(int maxSeries) {
    return new HistoryConfig(window, maxSeries, staleAfter, dataDir, maxFileBytes);
  }
}
