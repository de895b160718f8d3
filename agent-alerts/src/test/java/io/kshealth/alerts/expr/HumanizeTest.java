package io.kshealth.alerts.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The outputs of Prometheus 2.42's template functions and Go's number formatting. */
class HumanizeTest {

  @Test
  void goFormatsShortestAndFourDigits() {
    assertEquals("0.45", GoFormat.v(0.45));
    assertEquals("1e+06", GoFormat.v(1e6));
    assertEquals("123456", GoFormat.v(123456));
    assertEquals("1.234567e+06", GoFormat.v(1234567));
    assertEquals("3", GoFormat.v(3.0));
    assertEquals("0.30000000000000004", GoFormat.v(0.1 + 0.2));
    assertEquals("1e-05", GoFormat.v(0.00001));
    assertEquals("0.0001", GoFormat.v(0.0001));
    assertEquals("-2.5", GoFormat.v(-2.5));
    assertEquals("NaN", GoFormat.v(Double.NaN));
    assertEquals("+Inf", GoFormat.v(Double.POSITIVE_INFINITY));
    assertEquals("1380", GoFormat.g(1380, 4));
    // Exactly halfway: Go rounds to even.
    assertEquals("1.234e+04", GoFormat.g(12345, 4));
    assertEquals("1.235e+04", GoFormat.g(12346, 4));
    assertEquals("23.46", GoFormat.g(23.456, 4));
    assertEquals("0.5", GoFormat.g(0.5, 4));
    assertEquals("0", GoFormat.g(0, 4));
  }

  @Test
  void humanizeFunctions() {
    assertEquals("23m 0s", Humanize.humanizeDuration(1380));
    assertEquals("1d 1h 1m 1s", Humanize.humanizeDuration(90061));
    assertEquals("500ms", Humanize.humanizeDuration(0.5));
    assertEquals("12.35s", Humanize.humanizeDuration(12.3456));
    assertEquals("0s", Humanize.humanizeDuration(0));
    assertEquals("-1m 30s", Humanize.humanizeDuration(-90));
    assertEquals("1.235M", Humanize.humanize(1234567));
    assertEquals("1.234m", Humanize.humanize(0.001234));
    assertEquals("1.5Gi", Humanize.humanize1024(1610612736));
    assertEquals("512", Humanize.humanize1024(512));
    assertEquals("12.34%", Humanize.humanizePercentage(0.1234));
  }
}
