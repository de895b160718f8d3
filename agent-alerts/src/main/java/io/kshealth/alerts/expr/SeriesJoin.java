package io.kshealth.alerts.expr;

import io.kshealth.alerts.query.SeriesQuery;
import io.kshealth.api.Labels;
import io.kshealth.core.config.Units;
import io.kshealth.core.history.SeriesPoints;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The functions that read another series, matched to this one on labels: {@code join(query[, on])},
 * {@code join_or(query, on, default)} and {@code history_on(query, on)}, whose {@code query} is the
 * subset {@code series:} takes (checked at load by {@link JoinQueries}); and {@code
 * history_of(metric, labels)}, this series' sibling with some label values replaced.
 *
 * <p>{@code on} is null (agree on every label both have), a list of label names (agree on each; a
 * label neither has agrees), or a map from the other side's label name to this series' label name,
 * for labels named differently on the two sides ({@code {"application_id": "group"}}). The other
 * side must give one series per match, as the "one" side of PromQL's {@code group_left}: several
 * matches are unknown, never a pick.
 */
final class SeriesJoin {

  private SeriesJoin() {}

  /**
   * Queries parsed once, not per series and evaluation. They are constants of the loaded rules
   * ({@link JoinQueries} refuses any other argument), so this holds what the rule files name; the
   * bound keeps reloads of ever-changing rules from growing it.
   */
  private static final Map<String, SeriesQuery> PARSED = new ConcurrentHashMap<>();

  private static final int MAX_PARSED = 4096;

  private static SeriesQuery parsed(String query) {
    SeriesQuery known = PARSED.get(query);
    if (known != null) {
      return known;
    }
    if (PARSED.size() >= MAX_PARSED) {
      PARSED.clear();
    }
    SeriesQuery parsed = SeriesQuery.parse(query);
    PARSED.put(query, parsed);
    return parsed;
  }

  /**
   * The current value of the one series (or group) of {@code query} that matches this series.
   * Unknown when there is no such series, or several, or it has no current value.
   */
  static double join(SeriesScope scope, String query, @Nullable Object on) {
    Double value = current(scope, parsed(query), on, false);
    if (value == null) {
      throw new UnknownData("no series of " + query + " matches " + scope.labels());
    }
    return value;
  }

  /**
   * As {@link #join}, but {@code otherwise} when nothing matches or the match has no current value
   * (it is gone, as PromQL's {@code or} sees it); several matches stay unknown.
   */
  static double joinOr(SeriesScope scope, String query, Object on, double otherwise) {
    Double value = current(scope, parsed(query), on, true);
    return value == null ? otherwise : value;
  }

  /**
   * The points of the one series (or group) of {@code query} that matches this series, as a range:
   * a stored series' points within the history window; an aggregate's values at each step of the
   * evaluation interval (its subquery), within the window its range leaves. Unknown when no series
   * or several match.
   */
  static Range historyOn(SeriesScope scope, String query, @Nullable Object on) {
    SeriesQuery q = parsed(query);
    if (q.isPlain()) {
      Map.Entry<Labels, SeriesPoints> match = match(scope, q, stored(scope, q), on);
      if (match == null) {
        throw new UnknownData("no series of " + q.text() + " matches " + scope.labels());
      }
      return Range.of(scope, match.getValue());
    }
    SeriesQueries queries = queries(scope, q);
    Map.Entry<Labels, SeriesPoints> match =
        match(scope, q, queries.steps(scope.step().toMillis()), on);
    if (match == null) {
      throw new UnknownData("no series of " + q.text() + " matches " + scope.labels());
    }
    return Range.of(scope, match.getValue(), queries.window());
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
    Labels mine = Labels.of(wanted);
    Map.Entry<Labels, SeriesPoints> match =
        match(scope, mine, metric, scope.source().series(metric), null);
    if (match == null) {
      throw new UnknownData("no series of " + metric + " matches " + mine);
    }
    return Range.of(scope, match.getValue());
  }

  /**
   * The current value of the match, or null when nothing matches: a stored series' newest point
   * within the lookback (when the one match has none: null if {@code goneIsNone}, else unknown), an
   * aggregate's value now.
   */
  private static @Nullable Double current(
      SeriesScope scope, SeriesQuery q, @Nullable Object on, boolean goneIsNone) {
    if (!q.isPlain()) {
      Map.Entry<Labels, Double> match =
          match(scope, q, queries(scope, q).at(scope.nowMillis()), on);
      return match == null ? null : match.getValue();
    }
    Map.Entry<Labels, SeriesPoints> match = match(scope, q, stored(scope, q), on);
    if (match == null) {
      return null;
    }
    int newest = newestInLookback(match.getValue(), scope);
    if (newest < 0) {
      if (goneIsNone) {
        return null;
      }
      throw new UnknownData(
          q.metric()
              + match.getKey()
              + " has no point in the last "
              + Units.formatDuration(scope.lookback()));
    }
    return match.getValue().values()[newest];
  }

  /** The stored series the query's selector selects. */
  private static Map<Labels, SeriesPoints> stored(SeriesScope scope, SeriesQuery q) {
    Map<Labels, SeriesPoints> all = scope.source().series(q.metric());
    if (q.selector().matchers().isEmpty()) {
      return all;
    }
    Map<Labels, SeriesPoints> selected = new LinkedHashMap<>();
    all.forEach(
        (labels, points) -> {
          if (q.selector().matches(labels)) {
            selected.put(labels, points);
          }
        });
    return selected;
  }

  private static SeriesQueries queries(SeriesScope scope, SeriesQuery q) {
    try {
      return new SeriesQueries(
          q,
          scope.source(),
          scope.nowMillis(),
          scope.lookback(),
          scope.historyWindow(),
          scope.deadline());
    } catch (SeriesQueries.UnknownQuery e) {
      throw new UnknownData(q.text() + ": " + e.getMessage());
    }
  }

  private static <T> Map.@Nullable Entry<Labels, T> match(
      SeriesScope scope, SeriesQuery q, Map<Labels, T> candidates, @Nullable Object on) {
    return match(scope, scope.labels(), q.text(), candidates, on);
  }

  /** The one candidate whose labels agree with {@code mine}; null when none; unknown if several. */
  private static <T> Map.@Nullable Entry<Labels, T> match(
      SeriesScope scope, Labels mine, String what, Map<Labels, T> candidates, @Nullable Object on) {
    Map.Entry<Labels, T> match = null;
    int compared = 0;
    for (Map.Entry<Labels, T> candidate : candidates.entrySet()) {
      if (compared++ % 1024 == 0) {
        scope.deadline().check(); // a join per series over thousands of series adds up
      }
      if (agree(mine, candidate.getKey(), on)) {
        if (match != null) {
          throw new UnknownData(
              "several series of "
                  + what
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
    return match;
  }

  private static boolean agree(Labels mine, Labels theirs, @Nullable Object on) {
    if (on instanceof Map<?, ?> mapping) {
      for (Map.Entry<?, ?> e : mapping.entrySet()) {
        if (!Objects.equals(mine.get((String) e.getValue()), theirs.get((String) e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (on instanceof List<?> names) {
      for (Object name : names) {
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
