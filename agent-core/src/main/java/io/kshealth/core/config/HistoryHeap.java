package io.kshealth.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the history costs in heap when full, and whether that fits the heap the agent runs in.
 *
 * <p>The worst case is every one of {@code history.max-series} series holding a window's worth of
 * points at the shortest collector interval. It must fit in the heap ({@code -Xmx}, as {@link
 * Runtime#maxMemory()} reports it) less {@link #RESERVE_BYTES} for the rest of the agent; a default
 * {@code max-series} is lowered to what fits instead (see {@link ConfigLoader}). Example: 6,000
 * series over 30 minutes at 5 s need 27.5 MiB; with the reserve of 20 MiB that needs a heap of 47.5
 * MiB, and the launcher gives 64 MiB.
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

  /**
   * The heap the rest of the agent needs beside a full history: 12 MiB that it keeps live (Jetty,
   * the collectors' Kafka and JMX clients, the rule engine: 10.5 MiB after a full GC with the
   * shipped config, docs/benchmarks.md) and 8 MiB of young generation for what it allocates as it
   * goes (the launcher caps it with {@code -XX:MaxNewSize=8m}).
   */
  public static final long RESERVE_BYTES = 20L << 20;

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

  /** How many series fit a heap of {@code maxHeapBytes} at {@code shortestInterval}. */
  public static long seriesThatFit(
      HistoryConfig history, Duration shortestInterval, long maxHeapBytes) {
    return Math.max(0, (maxHeapBytes - RESERVE_BYTES) / bytesPerSeries(history, shortestInterval));
  }

  /** Why the history cannot fit a heap of {@code maxHeapBytes}, with what would fit. */
  public static String misfit(HistoryConfig history, Duration shortestInterval, long maxHeapBytes) {
    long needed = worstCaseBytes(history, shortestInterval);
    long heapNeeded = needed + RESERVE_BYTES;
    return String.format(
        Locale.ROOT,
        "%d series of %s at %s need %s of heap when full (%d bytes each), but the heap is %s"
            + " (-Xmx) and the rest of the agent needs %s of it: at most %d series fit; lower"
            + " max-series, shorten the window or lengthen the shortest interval, or give the"
            + " agent a heap of at least %d MiB (JAVA_OPTS=-Xmx%dm)",
        history.maxSeries(),
        Units.formatDuration(history.window()),
        Units.formatDuration(shortestInterval),
        Units.formatSize(needed),
        bytesPerSeries(history, shortestInterval),
        Units.formatSize(maxHeapBytes),
        Units.formatSize(RESERVE_BYTES),
        seriesThatFit(history, shortestInterval, maxHeapBytes),
        mibAbove(heapNeeded),
        mibAbove(heapNeeded));
  }

  /** Whole MiB at or above {@code bytes}, plus one for what the JVM keeps of -Xmx. */
  private static long mibAbove(long bytes) {
    return (bytes + (1 << 20) - 1 >> 20) + 1;
  }
}
