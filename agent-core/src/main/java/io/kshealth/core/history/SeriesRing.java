package io.kshealth.core.history;

import io.kshealth.core.config.HistoryConfig;
import io.kshealth.core.config.HistoryHeap;

/**
 * The recent points of one series, oldest first, in a ring that keeps only points inside the
 * history window, at most {@link #MAX_POINTS}.
 *
 * <p>Each point costs 12 bytes: its time as an {@code int} of milliseconds after {@link #base} (a
 * window holds at most {@link HistoryConfig#MAX_WINDOW}, which fits) and its value as a {@code
 * double}. The ring grows by doubling while it is small; once it holds enough points to tell the
 * series' spacing, it grows straight to what the window needs at that spacing plus a little, not to
 * the next power of two (180 points, 30 minutes at 10 s, took 256 slots): docs/benchmarks.md has
 * the measurements.
 */
final class SeriesRing {

  /** A hard cap per series: 30 minutes at a 1 s interval fits, with room to spare. */
  static final int MAX_POINTS = HistoryConfig.MAX_POINTS_PER_SERIES;

  private static final int INITIAL_CAPACITY = HistoryHeap.MIN_SLOTS;

  /** The time its offsets count from: never after the oldest point held. */
  private long base;

  private int[] offsets = new int[INITIAL_CAPACITY];
  private double[] values = new double[INITIAL_CAPACITY];
  private int head;
  private int size;
  private long lastSeenMillis;

  /** The collector that reported the series last; empty for a series of an old saved file. */
  private String owner;

  /** When a run of the owner no longer reported it, or {@link #LIVE}. */
  private long endedMillis = LIVE;

  static final long LIVE = Long.MIN_VALUE;

  SeriesRing(String owner, long lastSeenMillis) {
    this.owner = owner;
    this.lastSeenMillis = lastSeenMillis;
  }

  /**
   * Adds a point, dropping points older than {@code oldestKeptMillis}. A point at the same time as
   * the newest replaces its value (a source that repeats its last observation); an older point is
   * ignored.
   */
  void add(long timeMillis, double value, long oldestKeptMillis) {
    trim(oldestKeptMillis);
    if (size > 0) {
      int last = index(size - 1);
      long newest = time(last);
      if (timeMillis == newest) {
        values[last] = value;
        return;
      }
      if (timeMillis < newest) {
        return;
      }
    }
    if (timeMillis < oldestKeptMillis) {
      return;
    }
    if (size == 0) {
      base = timeMillis;
    } else if (timeMillis - base > Integer.MAX_VALUE) {
      rebase(timeMillis);
    }
    if (size == offsets.length) {
      if (offsets.length < MAX_POINTS) {
        resize(grownCapacity(timeMillis, oldestKeptMillis));
      } else {
        dropOldest();
      }
    }
    int i = index(size);
    offsets[i] = (int) (timeMillis - base);
    values[i] = value;
    size++;
  }

  void trim(long oldestKeptMillis) {
    while (size > 0 && time(head) < oldestKeptMillis) {
      dropOldest();
    }
  }

  void seen(long millis) {
    lastSeenMillis = Math.max(lastSeenMillis, millis);
  }

  long lastSeenMillis() {
    return lastSeenMillis;
  }

  String owner() {
    return owner;
  }

  /** Reported again, by {@code reporter}: live from now on. */
  void reportedBy(String reporter) {
    owner = reporter;
    endedMillis = LIVE;
  }

  void end(long atMillis) {
    endedMillis = atMillis;
  }

  boolean ended() {
    return endedMillis != LIVE;
  }

  /** When it ended, or {@link #LIVE}. */
  long endedMillis() {
    return endedMillis;
  }

  int size() {
    return size;
  }

  /** Slots allocated, held points included; for tests and the memory estimate. */
  int capacity() {
    return offsets.length;
  }

  SeriesPoints points() {
    long[] t = new long[size];
    double[] v = new double[size];
    for (int i = 0; i < size; i++) {
      t[i] = time(index(i));
      v[i] = values[index(i)];
    }
    return new SeriesPoints(t, v);
  }

  private long time(int slot) {
    return base + offsets[slot];
  }

  private int index(int offset) {
    return (head + offset) % offsets.length;
  }

  private void dropOldest() {
    head = (head + 1) % offsets.length;
    size--;
  }

  /**
   * Counts offsets from the oldest point held, so that {@code timeMillis} fits an {@code int};
   * drops the oldest points when even that is not enough (only a sample time far ahead of the
   * agent's clock can get there: the window itself always fits).
   */
  private void rebase(long timeMillis) {
    while (size > 0 && timeMillis - time(head) > Integer.MAX_VALUE) {
      dropOldest();
    }
    long newBase = size == 0 ? timeMillis : time(head);
    int shift = (int) (newBase - base);
    for (int i = 0; i < size; i++) {
      offsets[index(i)] -= shift;
    }
    base = newBase;
  }

  /**
   * Double while the ring is small, but never beyond what the window holds at the spacing of the
   * points so far ({@link HistoryHeap#slots}, which the memory estimate uses too); and at least 1/8
   * more, so that a series whose spacing shrinks copies its points only now and then.
   */
  private int grownCapacity(long timeMillis, long oldestKeptMillis) {
    int length = offsets.length;
    double spacing = (double) (timeMillis - time(head)) / size;
    double fits = ((double) timeMillis - oldestKeptMillis) / spacing + 1;
    int wanted =
        fits >= 2.0 * length ? 2 * length : Math.min(2 * length, HistoryHeap.slots((int) fits));
    return Math.min(MAX_POINTS, Math.max(length + length / 8 + 1, wanted));
  }

  private void resize(int capacity) {
    int[] o = new int[capacity];
    double[] v = new double[capacity];
    for (int i = 0; i < size; i++) {
      o[i] = offsets[index(i)];
      v[i] = values[index(i)];
    }
    offsets = o;
    values = v;
    head = 0;
  }
}
