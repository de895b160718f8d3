package io.kshealth.alerts.expr;

import io.kshealth.core.history.SeriesPoints;
import io.kshealth.core.model.Labels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The functions that reach beyond the range they are given: sub-ranges and other series. */
final class Joins {

  private Joins() {}

  /** {@code r.last(d)}: unknown when {@code d} reaches further back than {@code r} does. */
  static Range last(Range r, Duration d) {
    Range slice = r.sliceFrom(r.endMillis() - d.toMillis());
    if (d.toMillis() > r.endMillis() - r.startMillis()) {
      return slice.tooLong(
          "a range of "
              + io.kshealth.core.config.Units.formatDuration(d)
              + " is longer than the history holds ("
              + io.kshealth.core.config.Units.formatDuration(
                  Duration.ofMillis(r.endMillis() - r.startMillis()))
              + ")");
    }
    return slice;
  }

  /**
   * The current value of the one series of {@code metric} that agrees with this series on the
   * labels both have ({@code on} null), or on the labels listed.
   */
  static double join(SeriesScope scope, String metric, List<?> on) {
    List<Labels> matches = new ArrayList<>();
    double value = Double.NaN;
    for (Map.Entry<Labels, SeriesPoints> e : scope.source().series(metric).entrySet()) {
      if (agree(scope.labels(), e.getKey(), on)) {
        matches.add(e.getKey());
        value = current(e.getValue(), scope);
      }
    }
    if (matches.isEmpty()) {
      throw new UnknownData("no series of " + metric + " matches " + scope.labels());
    }
    if (matches.size() > 1) {
      throw new UnknownData(
          matches.size() + " series of " + metric + " match " + scope.labels() + ": " + matches);
    }
    if (Double.isNaN(value)) {
      throw new UnknownData(metric + matches.get(0) + " has no point in the lookback");
    }
    return value;
  }

  private static boolean agree(Labels mine, Labels theirs, List<?> on) {
    if (on != null) {
      for (Object name : on) {
        String a = mine.get((String) name);
        String b = theirs.get((String) name);
        if (!(a == null ? b == null : a.equals(b))) {
          return false;
        }
      }
      return true;
    }
    for (int i = 0; i < theirs.size(); i++) {
      String mineValue = mine.get(theirs.name(i));
      if (mineValue != null && !mineValue.equals(theirs.value(i))) {
        return false;
      }
    }
    return true;
  }

  private static double current(SeriesPoints points, SeriesScope scope) {
    long oldest = scope.nowMillis() - scope.lookback().toMillis();
    for (int i = points.size() - 1; i >= 0; i--) {
      long t = points.times()[i];
      if (t <= scope.nowMillis()) {
        return t >= oldest ? points.values()[i] : Double.NaN;
      }
    }
    return Double.NaN;
  }
}
