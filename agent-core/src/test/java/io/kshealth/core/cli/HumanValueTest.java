package io.kshealth.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.Sample;
import org.junit.jupiter.api.Test;

class HumanValueTest {

  @Test
  void countersKeepEveryDigitSoTheyCanBeComparedWithAnotherTool() {
    Metric cpu = Metric.counter("kshealth_test_cpu_seconds_total", "test");
    assertEquals("283456.78", HumanValue.format(sample(cpu, 283456.78)));
    assertEquals("0.00001", HumanValue.format(sample(cpu, 0.00001)));
    assertEquals("12", HumanValue.format(sample(cpu, 12)));
    assertEquals("NaN", HumanValue.format(sample(cpu, Double.NaN)));
  }

  @Test
  void bytesAndRatiosAlsoShowTheirUnit() {
    assertEquals(
        "1572864 (1.5 MiB)",
        HumanValue.format(sample(Metric.gauge("kshealth_test_bytes", "test"), 1572864)));
    assertEquals(
        "0.25 (25.0 %)",
        HumanValue.format(sample(Metric.gauge("kshealth_test_ratio", "test"), 0.25)));
  }

  private static Sample sample(Metric metric, double value) {
    return new Sample(metric, Labels.EMPTY, value, 0);
  }
}
