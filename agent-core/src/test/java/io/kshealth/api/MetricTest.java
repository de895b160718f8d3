package io.kshealth.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MetricTest {

  @Test
  void enforcesTheNamingConventions() {
    assertThrows(
        IllegalArgumentException.class, () -> Metric.gauge("process_threads", "no prefix"));
    assertThrows(
        IllegalArgumentException.class, () -> Metric.counter("kshealth_errors", "no _total"));
    assertThrows(
        IllegalArgumentException.class,
        () -> Metric.gauge("kshealth_errors_total", "gauge _total"));
    assertThrows(IllegalArgumentException.class, () -> Metric.gauge("kshealth_Lag", "upper case"));
    assertThrows(IllegalArgumentException.class, () -> Metric.gauge("kshealth_lag", " "));
    assertEquals(MetricType.COUNTER, Metric.counter("kshealth_errors_total", "Errors.").type());
  }

  @Test
  void aRecordedSeriesIsAGaugeNamedWithAColon() {
    assertEquals(MetricType.GAUGE, Metric.recorded("client:kshealth_x_total:max_increase").type());
    assertThrows(IllegalArgumentException.class, () -> Metric.recorded("kshealth_no_colon"));
    assertThrows(IllegalArgumentException.class, () -> Metric.recorded("bad:na-me"));
    assertThrows(
        IllegalArgumentException.class, () -> Metric.counter("job:kshealth_x:sum", "counter"));
  }

  @Test
  void labelsAreOrderIndependentAndValidated() {
    assertEquals(
        Labels.of("topic", "t", "partition", "1"), Labels.of("partition", "1", "topic", "t"));
    assertEquals(
        "{partition=\"1\", topic=\"t\"}", Labels.of("topic", "t", "partition", "1").toString());
    assertEquals("t", Labels.of("topic", "t").get("topic"));
    assertThrows(IllegalArgumentException.class, () -> Labels.of("bad-name", "x"));
    assertThrows(IllegalArgumentException.class, () -> Labels.of("__reserved", "x"));
    assertThrows(IllegalArgumentException.class, () -> Labels.of("a", "1", "a", "2"));
    assertThrows(IllegalArgumentException.class, () -> Labels.of("odd"));
  }
}
