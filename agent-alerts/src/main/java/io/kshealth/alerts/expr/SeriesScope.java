package io.kshealth.alerts.expr;

import io.kshealth.api.Labels;
import io.kshealth.core.history.SeriesPoints;
import io.kshealth.core.schedule.Deadline;
import java.time.Duration;

/**
 * What a rule's expression and templates see when evaluated for one series at one time.
 *
 * @param nowMillis the evaluation time
 * @param labels the series' labels (without the metric name)
 * @param value the series' current value: its newest point within the lookback
 * @param history the series' points within {@code historyWindow} before {@code nowMillis}
 * @param historyWindow how far back {@code history} reaches: ranges longer than this are unknown
 * @param lookback how old a joined series' newest point may be and still count as its value
 * @param source every other series, for joins
 * @param deadline the evaluation round's: functions over many points or series check it, and throw
 *     {@link Deadline.Passed} once it has passed
 */
public record SeriesScope(
    long nowMillis,
    Labels labels,
    double value,
    SeriesPoints history,
    Duration historyWindow,
    Duration lookback,
    SeriesSource source,
    Deadline deadline) {}
