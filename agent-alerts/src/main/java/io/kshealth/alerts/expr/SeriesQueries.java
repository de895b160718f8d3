package io.kshealth.alerts.expr;

import io.kshealth.alerts.query.RangeFunction;
import io.kshealth.alerts.query.SeriesQuery;
import io.kshealth.api.Labels;
import io.kshealth.core.config.Units;
import io.kshealth.core.history.SeriesPoints;
import io.kshealth.core.schedule.Deadline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SeriesQuery} evaluated for one evaluation of its rule, at {@code nowMillis}: its result
 * at an instant ({@link #at}), and its result at each step of a window ({@link #steps}), which is
 * Prometheus' subquery. The selected series are read once and cut to the history window.
 *
 * <p>At an instant {@code t}, a series' value is its newest point in {@code [t − lookback, t]}, or
 * {@code FN} over its points in {@code [t − range, t]} (the window functions' own code, so {@code
 * rate} extrapolates exactly as {@code rate(history.last(...))} does); a series without one (too
 * few points for {@code rate}, say) is not there at {@code t}, as in PromQL. Then the filter keeps
 * the series it holds for, and the aggregation merges them into groups.
 */
public final class SeriesQueries {

  private final SeriesQuery query;
  private final Map<Labels, SeriesPoints> members = new LinkedHashMap<>();
  private final long nowMillis;
  private final Duration lookback;
  private final Duration historyWindow;
  private final Deadline deadline;

  /**
   * @throws UnknownQuery when the query's range is longer than the history window: no step of it
   *     could be computed
   */
  public SeriesQueries(
      SeriesQuery query,
      SeriesSource source,
      long nowMillis,
      Duration lookback,
      Duration historyWindow,
      Deadline deadline) {
    if (query.range().compareTo(historyWindow) > 0) {
      throw new UnknownQuery(
          "range "
              + Units.formatDuration(query.range())
              + " is longer than the "
              + Units.formatDuration(historyWindow)
              + " of history");
    }
    this.query = query;
    this.nowMillis = nowMillis;
    this.lookback = lookback;
    this.historyWindow = historyWindow;
    this.deadline = deadline;
    long oldest = nowMillis - historyWindow.toMillis();
    for (Map.Entry<Labels, SeriesPoints> e : source.series(query.metric()).entrySet()) {
      if (query.selector().matches(e.getKey())) {
        members.put(e.getKey(), cut(e.getValue(), oldest, nowMillis));
      }
    }
  }

  /** Why a query cannot be evaluated at all. */
  public static final class UnknownQuery extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnknownQuery(String reason) {
      super(reason, null, false, false);
    }
  }

  /**
   * How far back a window over the query's result reaches: the history window less the query's
   * range, for each step needs its range's points.
   */
  public Duration window() {
    return historyWindow.minus(query.range());
  }

  /** The query's result at {@code t}: one value per series (or group), by labels. */
  public Map<Labels, Double> at(long t) {
    Map<Labels, Double> values = new LinkedHashMap<>();
    int read = 0;
    for (Map.Entry<Labels, SeriesPoints> m : members.entrySet()) {
      if (read++ % 256 == 0) {
        deadline.check();
      }
      Double v = valueAt(m.getValue(), t);
      if (v != null && (query.filter() == null || query.filter().keeps(v))) {
        values.put(m.getKey(), v);
      }
    }
    return query.aggregation() == null ? values : Aggregate.of(query.aggregation(), values);
  }

  /**
   * The result at every multiple of {@code stepMillis} (counted from the Unix epoch, as Prometheus
   * aligns a subquery's steps) within {@link #window()} before now, both ends included: for each
   * series (or group), its points at the steps where it had a value.
   */
  public Map<Labels, SeriesPoints> steps(long stepMillis) {
    long from = nowMillis - window().toMillis();
    long first = Math.floorDiv(from, stepMillis) * stepMillis;
    if (first < from) {
      first += stepMillis;
    }
    Map<Labels, List<double[]>> points = new LinkedHashMap<>();
    for (long t = first; t <= nowMillis; t += stepMillis) {
      deadline.check();
      long at = t;
      at(t)
          .forEach(
              (labels, v) ->
                  points.computeIfAbsent(labels, l -> new ArrayList<>()).add(new double[] {at, v}));
    }
    Map<Labels, SeriesPoints> result = new LinkedHashMap<>();
    points.forEach(
        (labels, list) -> {
          long[] times = new long[list.size()];
          double[] values = new double[list.size()];
          for (int i = 0; i < times.length; i++) {
            times[i] = (long) list.get(i)[0];
            values[i] = list.get(i)[1];
          }
          result.put(labels, new SeriesPoints(times, values));
        });
    return result;
  }

  /** A series' value at {@code t}, or null when it has none there. */
  private @Nullable Double valueAt(SeriesPoints p, long t) {
    int to = after(p, t);
    RangeFunction function = query.function();
    if (function == null) {
      int newest = to - 1;
      return newest >= 0 && p.times()[newest] >= t - lookback.toMillis()
          ? p.values()[newest]
          : null;
    }
    long start = t - query.range().toMillis();
    Range r = new Range(p, after(p, start - 1), to, start, t, null, deadline);
    try {
      return apply(function, r);
    } catch (UnknownData e) {
      return null; // as PromQL: rate of one point is no series, not an error
    }
  }

  private static double apply(RangeFunction function, Range r) {
    return switch (function) {
      case RATE -> WindowFunctions.rate(r);
      case INCREASE -> WindowFunctions.increase(r);
      case CHANGES -> WindowFunctions.changes(r);
      case DERIV -> WindowFunctions.deriv(r);
      case AVG_OVER_TIME -> WindowFunctions.avg(r);
      case MIN_OVER_TIME -> WindowFunctions.min(r);
      case MAX_OVER_TIME -> WindowFunctions.max(r);
      case SUM_OVER_TIME -> WindowFunctions.sum(r);
      case COUNT_OVER_TIME -> WindowFunctions.count(r);
    };
  }

  /** The index of the first point after {@code t}. */
  private static int after(SeriesPoints p, long t) {
    int i = Arrays.binarySearch(p.times(), t);
    if (i < 0) {
      return -i - 1;
    }
    while (i < p.size() && p.times()[i] == t) {
      i++;
    }
    return i;
  }

  private static SeriesPoints cut(SeriesPoints p, long from, long to) {
    int start = after(p, from - 1);
    int end = after(p, to);
    if (start == 0 && end == p.size()) {
      return p;
    }
    return new SeriesPoints(
        Arrays.copyOfRange(p.times(), start, end), Arrays.copyOfRange(p.values(), start, end));
  }
}
