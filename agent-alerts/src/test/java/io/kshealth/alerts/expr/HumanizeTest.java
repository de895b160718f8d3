package io.kshealth.alerts.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * What Prometheus 2.42's template functions print (template/template.go); each case worked through
 * its code, which formats with Go's {@code %.4g}.
 */
class HumanizeTest {

  @Test
  void humanizeDuration() {
    // 1380s: 23 minutes, 0 seconds, no hours or days.
    assertEquals("23m 0s", Humanize.humanizeDuration(1380));
    // 90061s = 1d (86400) + 1h (3600) + 1m (60) + 1s.
    assertEquals("1d 1h 1m 1s", Humanize.humanizeDuration(90061));
    // Under a second: times 1000 once, "m" prefix, then "s".
    assertEquals("500ms", Humanize.humanizeDuration(0.5));
    // Under a minute: %.4g seconds.
    assertEquals("12.35s", Humanize.humanizeDuration(12.3456));
    assertEquals("0s", Humanize.humanizeDuration(0));
    assertEquals("-1m 30s", Humanize.humanizeDuration(-90));
    assertEquals("1.5us", Humanize.humanizeDuration(0.0000015));
    assertEquals("+Inf", Humanize.humanizeDuration(Double.POSITIVE_INFINITY));
  }

  @Test
  void humanize() {
    // 1234567 / 1000 / 1000 = 1.234567 with "M": %.4g rounds to 1.235.
    assertEquals("1.235M", Humanize.humanize(1234567));
    // 0.001234 * 1000 = 1.234 with "m".
    assertEquals("1.234m", Humanize.humanize(0.001234));
    assertEquals("999", Humanize.humanize(999));
    assertEquals("-2k", Humanize.humanize(-2000));
    assertEquals("0", Humanize.humanize(0));
  }

  @Test
  void humanize1024() {
    // 1610612736 / 1024^3 = 1.5 with "Gi".
    assertEquals("1.5Gi", Humanize.humanize1024(1610612736));
    assertEquals("512", Humanize.humanize1024(512));
    // At most 1 in size: no prefix, even below 1.
    assertEquals("0.25", Humanize.humanize1024(0.25));
  }

  @Test
  void humanizePercentage() {
    // 0.1234 * 100 = 12.34 (12.340000000000002 in binary; %.4g: 12.34).
    assertEquals("12.34%", Humanize.humanizePercentage(0.1234));
    assertEquals("100%", Humanize.humanizePercentage(1));
  }
}
