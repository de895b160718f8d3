package io.kshealth.core.history;

import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.Sample;
import java.util.List;

/** The history store's own size, as samples. */
public final class HistoryMetrics {

  public static final Metric SERIES =
      Metric.gauge(
          "kshealth_history_series",
          "Series held in the agent's local history, by state: live, or ended (no longer reported"
              + " by their collector, kept for their trend and evicted first when the history is"
              + " full).");
  public static final Metric POINTS =
      Metric.gauge("kshealth_history_points", "Points held in the agent's local history.");
  public static final Metric SERIES_DROPPED =
      Metric.counter(
          "kshealth_history_series_dropped_total",
          "New series refused because the history held history.max-series live series already.");

  private HistoryMetrics() {}

  public static List<Sample> samples(HistoryStore store, long nowMillis) {
    return List.of(
        new Sample(SERIES, Labels.of("state", "live"), store.liveSeriesCount(), nowMillis),
        new Sample(SERIES, Labels.of("state", "ended"), store.endedSeriesCount(), nowMillis),
        new Sample(POINTS, Labels.EMPTY, store.pointCount(), nowMillis),
        new Sample(SERIES_DROPPED, Labels.EMPTY, store.droppedSeriesTotal(), nowMillis));
  }
}
