package io.kshealth.alerts.expr;

import io.kshealth.api.Labels;
import io.kshealth.core.config.Units;
import io.kshealth.core.history.SeriesPoints;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code join(metric)} and {@code join(metric, on)}: the current value of another series; {@code
 * history_of(metric, labels)}: its points.
 */
final class SeriesJoin {

  private SeriesJoin() {}

  /**
   * The current value of the one series of {@code metric} that agrees with this series on every
   * label both have ({@code on} null), or on the labels listed in {@code on} (a label neither has
   * agrees). Unknown when there is no such series, or several, or it has no current value.
   */
  static double join(SeriesScope scope, String metric, @Nullable List<?> on) {
    Map.Entry<Labels, SeriesPoints> match = match(scope, metric, scope.labels(), on);
    int newest = newestInLookback(match.getValue(), scope);
    if (newest < 0) {
      throw new UnknownData(
          metric
              + match.getKey()
              + " has no point in the last "
              + Units.formatDuration(scope.lookback()));
    }
    return match.getValue().values()[newest];
  }

  /**
   * {@code history_of(metric, {label: value, ...})}: the points, within the history window, of the
   * one series of {@code metric} that agrees with this series' labels, the ones given replaced, on
   * every label both have: {@code history_of("kshealth_lag_status", {"status": "STALL"})} on the
   * series of status STOP is its group's STALL series. Unknown when no series or several match.
   */
  static Range historyOf(SeriesScope scope, String metric, Map<?, ?> replaced) {
    Map<String, String> wanted = scope.labels().asMap();
    replaced.forEach((k, v) -> wanted.put((String) k, (String) v));
    return Range.of(scope, match(scope, metric, Labels.of(wanted), null).getValue());
  }

  /** The one series of {@code metric} whose labels agree with {@code mine}, else unknown. */
  private static Map.Entry<Labels, SeriesPoints> match(
      SeriesScope scope, String metric, Labels mine, @Nullable List<?> on) {
    Map.Entry<Labels, SeriesPoints> match = null;
    int compared = 0;
    for (Map.Entry<Labels, SeriesPoints> candidate : scope.source().series(metric).entrySet()) {
      if (compared++ % 1024 == 0) {
        scope.deadline().check(); // a join per series over thousands of series adds up
      }
      if (agree(mine, candidate.getKey(), on)) {
        if (match != null) {
          throw new UnknownData(
              "several series of "
                  + metric
                  + " match "
                  + mine
                  + ": "
                  + match.getKey()
                  + " and "
                  + candidate.getKey());
        }
        match = candidate;
      }
    }
    if (match == null) {
      throw new UnknownData("no series of " + metric + " matches " + mine);
    }
    return match;
  }

  private static boolean agree(Labels mine, Labels theirs, @Nullable List<?> on) {
    if (on != null) {
      for (Object name : on) {
        if (!Objects.equals(mine.get((String) name), theirs.get((String) name))) {
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

  /** The index of the newest point not after now and within the lookback, or -1. */
  private static int newestInLookback(SeriesPoints points, SeriesScope scope) {
    long oldest = scope.nowMillis() - scope.lookback().toMillis();
    for (int i = points.size() - 1; i >= 0 && points.times()[i] >= oldest; i--) {
      if (points.times()[i] <= scope.nowMillis()) {
        return i;
      }
    }
    return -1;
  }
}
