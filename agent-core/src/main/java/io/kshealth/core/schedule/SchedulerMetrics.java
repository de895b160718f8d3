package io.kshealth.core.schedule;

import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.Sample;
import java.util.ArrayList;
import java.util.List;

/** The agent's view of its own collectors, as samples. */
public final class SchedulerMetrics {

  public static final Metric COLLECTOR_UP =
      Metric.gauge("kshealth_collector_up", "1 if the collector's last run succeeded, 0 if not.");
  public static final Metric COLLECTOR_DURATION =
      Metric.gauge(
          "kshealth_collector_duration_seconds",
          "How long the collector's last run took (its timeout when it timed out).");
  public static final Metric COLLECTOR_ERRORS =
      Metric.counter(
          "kshealth_collector_errors_total",
          "Collector runs that failed or timed out, since the agent started.");
  public static final Metric COLLECTOR_RUNS =
      Metric.counter(
          "kshealth_collector_runs_total", "Collector runs finished, since the agent started.");
  public static final Metric COLLECTOR_LAST_SUCCESS =
      Metric.gauge(
          "kshealth_collector_last_success_timestamp_seconds",
          "When the collector's last successful run ended, in seconds since the epoch.");

  private SchedulerMetrics() {}

  /** Samples for every collector that has finished a run. */
  public static List<Sample> samples(List<CollectorStatus> statuses, long nowMillis) {
    List<Sample> samples = new ArrayList<>();
    for (CollectorStatus s : statuses) {
      if (!s.hasRun()) {
        continue;
      }
      Labels l = Labels.of("collector", s.name());
      samples.add(new Sample(COLLECTOR_UP, l, s.up().get() ? 1 : 0, nowMillis));
      samples.add(new Sample(COLLECTOR_DURATION, l, s.lastDurationSeconds(), nowMillis));
      samples.add(new Sample(COLLECTOR_ERRORS, l, s.errorsTotal(), nowMillis));
      samples.add(new Sample(COLLECTOR_RUNS, l, s.runs(), nowMillis));
      if (s.lastSuccessMillis() > 0) {
        samples.add(
            new Sample(COLLECTOR_LAST_SUCCESS, l, s.lastSuccessMillis() / 1000.0, nowMillis));
      }
    }
    return samples;
  }
}
