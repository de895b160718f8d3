package io.kshealth.core.history;

import io.kshealth.core.config.HistoryConfig;
import java.util.Arrays;

/**
 * The recent points of one series, oldest first, in a ring that grows by doubling up to {@link
 * #MAX_POINTS} and keeps only points inside the history window. Each point costs 16 bytes (a long
 * time and a double value), plus up to as much again of spare capacity after a doubling.
 */
final class SeriesRing {

  /** A hard cap per series: 30 minutes at a 1 s interval fits, with room to spare. */
  static final int MAX_POINTS = HistoryConfig.MAX_POINTS_PER_SERIES;

  private static final int INITIAL_CAPACITY = 8;

  private long[] times = new long[INITIAL_CAPACITY];
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
      if (timeMillis == times[last]) {
        values[last] = value;
        return;
      }
      if (timeMillis < times[last]) {
        return;
      }
    }
    if (timeMillis < oldestKeptMillis) {
      return;
    }
    if (size == times.length) {
      if (times.length < MAX_POINTS) {
        grow();
      } else {
        head = (head + 1) % times.length;
        size--;
      }
    }
    int i = index(size);
    times[i] = timeMillis;
    values[i] = value;
    size++;
  }

  void trim(long oldestKeptMillis) {
    while (size > 0 && times[head] < oldestKeptMillis) {
      head = (head + 1) % times.length;
      size--;
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

  SeriesPoints points() {
    long[] t = new long[size];
    double[] v = new double[size];
    for (int i = 0; i < size; i++) {
      t[i] = times[index(i)];
      v[i] = values[index(i)];
    }
    return new SeriesPoints(t, v);
  }

  private int index(int offset) {
    return (head + offset) % times.length;
  }

  private void grow() {
    SeriesPoints p = points();
    int capacity = Math.min(MAX_POINTS, times.length * 2);
    times = Arrays.copyOf(p.times(), capacity);
    values = Arrays.copyOf(p.values(), capacity);
    head = 0;
  }
}
