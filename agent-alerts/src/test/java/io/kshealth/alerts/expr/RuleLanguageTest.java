package io.kshealth.alerts.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.core.history.SeriesPoints;
import io.kshealth.core.model.Labels;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Conditions and templates over one series, with the outcomes an operator relies on. */
class RuleLanguageTest {

  static final RuleLanguage CEL = RuleLanguage.standard();
  static final long NOW = 3_600_000;
  static final Labels LABELS = Labels.of("device", "nvme1n1", "volume_id", "vol-0a");

  final Map<String, Map<Labels, SeriesPoints>> other = new LinkedHashMap<>();

  /** A series falling by 0.01 a minute to {@code last} now, one point a minute for {@code n}. */
  SeriesScope falling(int n, double last) {
    long[] t = new long[n];
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = NOW - (n - 1 - i) * 60_000L;
      v[i] = last + 0.01 * (n - 1 - i);
    }
    return new SeriesScope(
        NOW,
        LABELS,
        last,
        new SeriesPoints(t, v),
        Duration.ofMinutes(30),
        Duration.ofMinutes(5),
        name -> other.getOrDefault(name, Map.of()));
  }

  static Outcome.Verdict eval(String expr, SeriesScope scope) throws ExpressionException {
    return CEL.condition(expr).evaluate(scope).verdict();
  }

  @Test
  void comparesWithIntegersAndDoubles() throws Exception {
    assertEquals(Outcome.Verdict.TRUE, eval("value < 1", falling(31, 0.4)));
    assertEquals(Outcome.Verdict.FALSE, eval("value > 0.5", falling(31, 0.4)));
  }

  @Test
  void typeErrorsAreLoadErrorsWithTheirPosition() {
    ExpressionException e =
        assertThrows(ExpressionException.class, () -> CEL.condition("value < 'a'"));
    assertTrue(e.getMessage().contains("1:7"), e.getMessage());
    assertThrows(ExpressionException.class, () -> CEL.condition("value + 1 > 2.0"));
    assertThrows(ExpressionException.class, () -> CEL.condition("nope(history)"));
    assertThrows(ExpressionException.class, () -> CEL.condition("volume > 1.0"));
    ExpressionException notBool =
        assertThrows(ExpressionException.class, () -> CEL.condition("value * 2.0"));
    assertTrue(notBool.getMessage().contains("true or false"), notBool.getMessage());
  }

  @Test
  void aTrendWithoutEnoughHistoryIsUnknownUnlessTheOtherSideDecides() throws Exception {
    String trend = "deriv(history.last(duration(\"30m\"))) < 0.0";
    assertEquals(Outcome.Verdict.TRUE, eval(trend, falling(31, 0.4)));
    // 10 minutes of a 30-minute range: less than half.
    assertEquals(Outcome.Verdict.UNKNOWN, eval(trend, falling(11, 0.4)));
    assertEquals(Outcome.Verdict.FALSE, eval("value > 0.9 && " + trend, falling(11, 0.4)));
    assertEquals(Outcome.Verdict.TRUE, eval("value < 0.9 || " + trend, falling(11, 0.4)));
    assertEquals(Outcome.Verdict.UNKNOWN, eval("value < 0.9 && " + trend, falling(11, 0.4)));
    Outcome tooLong =
        CEL.condition("deriv(history.last(duration(\"1h\"))) < 0.0").evaluate(falling(31, 0.4));
    assertEquals(Outcome.Verdict.UNKNOWN, tooLong.verdict());
    assertTrue(tooLong.reason().contains("longer than the history"), tooLong.reason());
  }

  @Test
  void aMissingLabelIsAnError() throws Exception {
    Outcome o = CEL.condition("labels.store == 'a'").evaluate(falling(31, 0.4));
    assertEquals(Outcome.Verdict.ERROR, o.verdict());
    assertTrue(o.reason().contains("store"), o.reason());
  }

  @Test
  void timeUntilAndPredictLinearFollowTheLine() throws Exception {
    // 0.4 now, falling 0.01 a minute: 0 in 40 minutes; in 1 hour it would be -0.2.
    SeriesScope scope = falling(31, 0.4);
    assertEquals(
        "40m 0s", CEL.template("{{ humanizeDuration(time_until(history, 0.0)) }}").render(scope));
    assertEquals(
        Outcome.Verdict.TRUE, eval("predict_linear(history, duration('1h')) < -0.19", scope));
    assertEquals(
        Outcome.Verdict.TRUE,
        eval("time_until(history, 1.0) > 1e308", scope),
        "+Inf when heading away");
  }

  @Test
  void joinsTheOneSeriesThatAgreesOnSharedLabels() throws Exception {
    other.put(
        "limit",
        Map.of(
            Labels.of("device", "nvme1n1"), new SeriesPoints(new long[] {NOW}, new double[] {2}),
            Labels.of("device", "nvme2n1"), new SeriesPoints(new long[] {NOW}, new double[] {3})));
    assertEquals(Outcome.Verdict.TRUE, eval("join('limit') == 2.0", falling(31, 0.4)));
    assertEquals(Outcome.Verdict.UNKNOWN, eval("join('limit', []) == 2.0", falling(31, 0.4)));
    assertEquals(Outcome.Verdict.UNKNOWN, eval("join('absent') == 2.0", falling(31, 0.4)));
  }

  @Test
  void templatesPrintNumbersAsPrometheusDoes() throws Exception {
    SeriesScope scope = falling(31, 0.4);
    assertEquals(
        "vol-0a on nvme1n1: 0.4, 40%, 1e+06, unknown",
        CEL.template(
                "{{ labels.volume_id }} on {{labels['device']}}: {{ value }},"
                    + " {{ humanizePercentage(value) }}, {{ 1000000.0 }}, {{ labels.nope }}")
            .render(scope));
    ExpressionException e =
        assertThrows(ExpressionException.class, () -> CEL.template("x {{ value + 'a' }} y"));
    assertTrue(e.getMessage().contains("value + 'a'"), e.getMessage());
  }
}
