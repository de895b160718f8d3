package io.kshealth.alerts.expr;

import io.kshealth.api.Labels;
import io.kshealth.core.history.SeriesPoints;
import io.kshealth.core.schedule.Deadline;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What a rule's expression and templates see when evaluated for one series at one time.
 *
 * @param nowMillis the evaluation time
 * @param labels the series' labels (without the metric name)
 * @param value the series' current value: its newest point within the lookback
 * @param historyPoints the series' points within {@code historyWindow} before {@code nowMillis},
 *     given when first asked for: an aggregated series' points are computed (a subquery), and only
 *     for the expressions that read {@code history}
 * @param historyWindow how far back {@code history} reaches: ranges longer than this are unknown
 * @param lookback how old a joined series' newest point may be and still count as its value
 * @param step the evaluation interval: the step of a window over an aggregate (its subquery), this
 *     series' own when it is one, or a joined one's
 * @param source every other series, for joins
 * @param deadline the evaluation round's: functions over many points or series check it, and throw
 *     {@link Deadline.Passed} once it has passed
 */
public record SeriesScope(
    long nowMillis,
    Labels labels,
    double value,
    Supplier<SeriesPoints> historyPoints,
    Duration historyWindow,
    Duration lookback,
    Duration step,
    SeriesSource source,
    Deadline deadline) {

  /** A series whose points are at hand. */
  public SeriesScope(
      long nowMillis,
      Labels labels,
      double value,
      SeriesPoints history,
      Duration historyWindow,
      Duration lookback,
      Duration step,
      SeriesSource source,
      Deadline deadline) {
    this(nowMillis, labels, value, () -> history, historyWindow, lookback, step, source, deadline);
  }

  /** The series' points within the history window. */
  public SeriesPoints history() {
    return historyPoints.get();
  }
}
