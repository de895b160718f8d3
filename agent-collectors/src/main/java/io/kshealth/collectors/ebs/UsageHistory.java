package io.kshealth.collectors.ebs;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.OptionalDouble;

/**
 * The forecast's own record of the last minutes: for each interval between two disk readings, the
 * I/O units done in it and the balance before and after. It exists for two things: replaying the
 * consumption since a late CloudWatch point, and the smoothed rate. Bounded by time (intervals that
 * ended longer ago than the retention are dropped), hence by the reading interval: 15 minutes of
 * 5-second readings is 180 entries. Not thread-safe; {@link BurstForecast} guards it.
 */
final class UsageHistory {

  private final long retentionMillis;
  private final ArrayDeque<Interval> intervals = new ArrayDeque<>();

  UsageHistory(long retentionMillis) {
    this.retentionMillis = retentionMillis;
  }

  /** Appends an interval and forgets those that ended more than the retention before its end. */
  void add(long start, long end, double units, double before, double after) {
    intervals.addLast(new Interval(start, end, units, before, after));
    while (intervals.getFirst().end < end - retentionMillis) {
      intervals.removeFirst();
    }
  }

  void clear() {
    intervals.clear();
  }

  boolean isEmpty() {
    return intervals.isEmpty();
  }

  /** The start of the oldest interval kept; the history must not be empty. */
  long start() {
    return intervals.getFirst().start;
  }

  /** The end of the newest interval; the history must not be empty. */
  long end() {
    return intervals.getLast().end;
  }

  /**
   * The balance the model had at {@code t}, interpolated within the interval holding it; before the
   * first interval, the balance it started from. The history must not be empty.
   */
  double balanceAt(long t) {
    for (Interval i : intervals) {
      if (t < i.end) {
        return t <= i.start ? i.before : i.before + (i.after - i.before) * i.fractionBefore(t);
      }
    }
    return intervals.getLast().after;
  }

  /**
   * Sets the balance at {@code t} and applies again the consumption recorded after it (the part of
   * an interval after {@code t} pro rata), updating the balances kept. Returns the balance now.
   */
  double replay(long t, double credits, CreditBucket bucket) {
    double c = credits;
    for (Interval i : intervals) {
      if (i.end <= t) {
        continue;
      }
      double share = 1;
      if (t <= i.start) {
        i.before = c;
      } else {
        share -= i.fractionBefore(t); // what the model had before t stays: the point is about t
      }
      c = bucket.after(c, i.units * share, (i.end - i.start) * share / 1000.0);
      i.after = c;
    }
    return c;
  }

  /**
   * I/O units per second over the last {@code windowMillis} before the newest interval's end,
   * intervals straddling the window's start counted pro rata; empty with no history. Time not
   * covered by any interval (after a counter reset) is left out rather than counted as idle.
   */
  OptionalDouble unitsPerSecond(long windowMillis) {
    if (intervals.isEmpty()) {
      return OptionalDouble.empty();
    }
    long from = end() - windowMillis;
    double units = 0;
    long covered = 0;
    for (Iterator<Interval> it = intervals.descendingIterator(); it.hasNext(); ) {
      Interval i = it.next();
      if (i.end <= from) {
        break;
      }
      long start = Math.max(i.start, from);
      units += i.units * (i.end - start) / (i.end - i.start);
      covered += i.end - start;
    }
    return OptionalDouble.of(units * 1000.0 / covered);
  }

  private static final class Interval {
    final long start;
    final long end;
    final double units;
    double before;
    double after;

    Interval(long start, long end, double units, double before, double after) {
      this.start = start;
      this.end = end;
      this.units = units;
      this.before = before;
      this.after = after;
    }

    /** The share of this interval that lies before {@code t}, which is inside it. */
    double fractionBefore(long t) {
      return (double) (t - start) / (end - start);
    }
  }
}
