package io.kshealth.alerts.expr;

import io.kshealth.core.config.Units;
import io.kshealth.core.history.SeriesPoints;
import io.kshealth.core.schedule.Deadline;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The points of one series within a time range ending at the evaluation time: a view over the
 * series' points, without copying them. {@code tooLong} says why every function of it is unknown (a
 * range longer than the history it is taken from), or is null. Every function of it checks the
 * evaluation's {@code deadline} first.
 */
record Range(
    SeriesPoints points,
    int from,
    int to,
    long startMillis,
    long endMillis,
    @Nullable String tooLong,
    Deadline deadline) {

  /** The series' {@code history}: its points within the history window. */
  static Range of(SeriesScope scope) {
    SeriesPoints p = scope.history();
    return new Range(p, 0, p.size(), scope.nowMillis(), scope.nowMillis(), null, scope.deadline())
        .sliceFrom(scope.nowMillis() - scope.historyWindow().toMillis());
  }

  /** Another series' points as {@link #of(SeriesScope)} takes this one's: none after now. */
  static Range of(SeriesScope scope, SeriesPoints p) {
    return of(scope, p, scope.historyWindow());
  }

  /**
   * Points that reach back {@code window} (an aggregate's subquery reaches less far than the
   * history window), none after now.
   */
  static Range of(SeriesScope scope, SeriesPoints p, Duration window) {
    int to = p.size();
    while (to > 0 && p.times()[to - 1] > scope.nowMillis()) {
      to--;
    }
    return new Range(p, 0, to, scope.nowMillis(), scope.nowMillis(), null, scope.deadline())
        .sliceFrom(scope.nowMillis() - window.toMillis());
  }

  /**
   * {@code r.last(d)}: the points of the last {@code d}, both ends included as in Prometheus 2.x.
   * Unknown to every function when it reaches further back than this range does, for the points it
   * would need are not there.
   */
  Range last(Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("last() needs a duration longer than 0s, not " + d);
    }
    Range slice = sliceFrom(endMillis - d.toMillis());
    if (d.toMillis() > endMillis - startMillis) {
      return new Range(
          points,
          slice.from,
          to,
          slice.startMillis,
          endMillis,
          "range "
              + Units.formatDuration(d)
              + " is longer than the "
              + Units.formatDuration(Duration.ofMillis(endMillis - startMillis))
              + " of history it is taken from",
          deadline);
    }
    return slice;
  }

  /** The points at or after {@code start}. */
  private Range sliceFrom(long start) {
    int i = from;
    while (i < to && points.times()[i] < start) {
      i++;
    }
    return new Range(points, i, to, start, endMillis, tooLong, deadline);
  }

  int size() {
    return to - from;
  }

  long time(int i) {
    return points.times()[from + i];
  }

  double value(int i) {
    return points.values()[from + i];
  }

  double lengthSeconds() {
    return (endMillis - startMillis) / 1000.0;
  }
}
