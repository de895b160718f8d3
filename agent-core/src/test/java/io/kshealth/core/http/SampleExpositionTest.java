package io.kshealth.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.Sample;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleExpositionTest {

  static final Metric LAG = Metric.gauge("kshealth_test_lag", "Lag.");
  static final Metric ERRORS = Metric.counter("kshealth_test_errors_total", "Errors.");

  @Test
  void groupsSamplesByMetricAndKeepsTheFirstOfDuplicateSeries() {
    List<Sample> first =
        List.of(
            new Sample(LAG, Labels.of("partition", "0"), 5, 0),
            new Sample(ERRORS, Labels.EMPTY, 2, 0));
    List<Sample> second =
        List.of(
            new Sample(LAG, Labels.of("partition", "0"), 99, 0),
            new Sample(LAG, Labels.of("partition", "1"), 7, 0));

    MetricSnapshots snapshots = new SampleExposition(List.of(() -> first, () -> second)).collect();

    assertEquals(2, snapshots.size()); // sorted by name
    GaugeSnapshot lag = (GaugeSnapshot) snapshots.get(1);
    assertEquals("kshealth_test_lag", lag.getMetadata().getName());
    assertEquals(2, lag.getDataPoints().size());
    assertEquals(5, lag.getDataPoints().get(0).getValue(), "the first source wins");
    CounterSnapshot errors = (CounterSnapshot) snapshots.get(0);
    assertEquals("kshealth_test_errors", errors.getMetadata().getName(), "writers add _total");
    assertEquals(2, errors.getDataPoints().get(0).getValue());
  }
}
