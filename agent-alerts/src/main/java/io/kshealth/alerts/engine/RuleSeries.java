package io.kshealth.alerts.engine;

import io.kshealth.alerts.expr.SeriesQueries;
import io.kshealth.alerts.expr.SeriesScope;
import io.kshealth.alerts.expr.SeriesSource;
import io.kshealth.alerts.query.SeriesQuery;
import io.kshealth.api.Labels;
import io.kshealth.core.history.SeriesPoints;
import io.kshealth.core.schedule.Deadline;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The series a rule is evaluated for at one time, each as the scope its expression sees: the
 * selected series as stored (a plain selector), or the query's result (one series per group of an
 * aggregation), whose {@code history} is the query's subquery stepped at the evaluation interval.
 */
final class RuleSeries {

  private static final SeriesPoints NONE = new SeriesPoints(new long[0], new double[0]);

  private RuleSeries() {}

  /**
   * @throws SeriesQueries.UnknownQuery when the query cannot be evaluated at all
   */
  static List<SeriesScope> of(
      SeriesQuery query,
      SeriesSource source,
      EngineSettings settings,
      long now,
      Deadline deadline) {
    return query.isPlain()
        ? stored(query, source, settings, now, deadline)
        : computed(query, source, settings, now, deadline);
  }

  private static List<SeriesScope> stored(
      SeriesQuery query,
      SeriesSource source,
      EngineSettings settings,
      long now,
      Deadline deadline) {
    List<SeriesScope> scopes = new ArrayList<>();
    for (Map.Entry<Labels, SeriesPoints> e : source.series(query.metric()).entrySet()) {
      deadline.check();
      if (!query.selector().matches(e.getKey())) {
        continue;
      }
      SeriesPoints history = SeriesWindow.within(e.getValue(), now, settings.historyWindow());
      int newest = history.size() - 1;
      if (newest < 0 || history.times()[newest] < now - settings.lookback().toMillis()) {
        continue; // gone: no current value
      }
      scopes.add(
          new SeriesScope(
              now,
              e.getKey(),
              history.values()[newest],
              history,
              settings.historyWindow(),
              settings.lookback(),
              settings.evaluationInterval(),
              source,
              deadline));
    }
    return scopes;
  }

  private static List<SeriesScope> computed(
      SeriesQuery query,
      SeriesSource source,
      EngineSettings settings,
      long now,
      Deadline deadline) {
    SeriesQueries queries =
        new SeriesQueries(
            query, source, now, settings.lookback(), settings.historyWindow(), deadline);
    Supplier<Map<Labels, SeriesPoints>> steps =
        new Once<>(() -> queries.steps(settings.evaluationInterval().toMillis()));
    List<SeriesScope> scopes = new ArrayList<>();
    queries
        .at(now)
        .forEach(
            (labels, value) ->
                scopes.add(
                    new SeriesScope(
                        now,
                        labels,
                        value,
                        () -> steps.get().getOrDefault(labels, NONE),
                        queries.window(),
                        settings.lookback(),
                        settings.evaluationInterval(),
                        source,
                        deadline)));
    return scopes;
  }

  /** Computed when first asked for, by the evaluating thread alone. */
  private static final class Once<T> implements Supplier<T> {
    private final Supplier<T> compute;
    private @Nullable T value;

    Once(Supplier<T> compute) {
      this.compute = compute;
    }

    @Override
    public T get() {
      if (value == null) {
        value = compute.get();
      }
      return value;
    }
  }
}
