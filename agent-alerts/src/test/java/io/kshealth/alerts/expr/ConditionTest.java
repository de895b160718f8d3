package io.kshealth.alerts.expr;

import static io.kshealth.alerts.expr.Scopes.at;
import static io.kshealth.alerts.expr.Scopes.scope;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.alerts.expr.Outcome.Verdict;
import org.junit.jupiter.api.Test;

/** Conditions: type-checked at load, and true, false, unknown or error for a series. */
class ConditionTest {

  static final RuleLanguage CEL = RuleLanguage.standard();

  /** 0.4 now, falling 0.01 a minute for the 30 minutes of the history window. */
  static final SeriesScope FALLING = falling(31);

  /** The same for only the last 10 minutes: too short for a trend over 30. */
  static final SeriesScope FALLING_BRIEFLY = falling(11);

  static SeriesScope falling(int minutes) {
    double[] pairs = new double[2 * minutes];
    for (int i = 0; i < minutes; i++) {
      int minutesAgo = minutes - 1 - i;
      pairs[2 * i] = minutesAgo * 60;
      pairs[2 * i + 1] = 0.4 + 0.01 * minutesAgo;
    }
    return scope(0.4, at(pairs));
  }

  static Outcome eval(String expr, SeriesScope scope) throws ExpressionException {
    return CEL.condition(expr).evaluate(scope);
  }

  static String loadError(String expr) {
    return assertThrows(ExpressionException.class, () -> CEL.condition(expr)).getMessage();
  }

  @Test
  void comparesIntegersWithDoubles() throws Exception {
    assertEquals(Outcome.TRUE, eval("value < 1", FALLING));
    assertEquals(Outcome.FALSE, eval("value > 0.5", FALLING));
    assertEquals(Outcome.TRUE, eval("value * 2.0 == 0.8", FALLING));
  }

  @Test
  void typeErrorsAreLoadErrorsWithTheirPosition() {
    String comparison = loadError("value < 'a'");
    assertTrue(comparison.contains("1:7") && comparison.contains("^"), comparison);
    String arithmetic = loadError("value + 1 > 2.0");
    assertTrue(arithmetic.contains("1:7") && arithmetic.contains("_+_"), arithmetic);
    String function = loadError("nope(history)");
    assertTrue(function.contains("1:5") && function.contains("nope"), function);
    String variable = loadError("volume > 1.0");
    assertTrue(variable.contains("1:1") && variable.contains("volume"), variable);
    assertEquals("must be true or false, but is double: value * 2.0", loadError("value * 2.0"));
    String wrongArgument = loadError("rate(value) > 0.0");
    assertTrue(wrongArgument.contains("rate"), wrongArgument);
  }

  @Test
  void aTrendWithoutEnoughHistoryIsUnknown() throws Exception {
    String trend = "deriv(history.last(duration('30m'))) < 0.0";
    assertEquals(Outcome.TRUE, eval(trend, FALLING));
    assertEquals(
        Outcome.unknown("a trend needs 3 points over 15m, has 11 over 10m"),
        eval(trend, FALLING_BRIEFLY));
    Outcome tooLong = eval("deriv(history.last(duration('1h'))) < 0.0", FALLING);
    assertEquals(
        Outcome.unknown("range 1h is longer than the 30m of history it is taken from"), tooLong);
  }

  @Test
  void theOtherSideOfAndOrDecidesOverUnknown() throws Exception {
    assertEquals(Outcome.FALSE, eval("false && deriv(history) > 0.0", FALLING_BRIEFLY));
    assertEquals(Verdict.UNKNOWN, eval("true && deriv(history) > 0.0", FALLING_BRIEFLY).verdict());
    assertEquals(Outcome.TRUE, eval("true || deriv(history) > 0.0", FALLING_BRIEFLY));
    assertEquals(Verdict.UNKNOWN, eval("false || deriv(history) > 0.0", FALLING_BRIEFLY).verdict());
    // The unknown side may come first.
    assertEquals(Outcome.FALSE, eval("deriv(history) > 0.0 && value > 0.9", FALLING_BRIEFLY));
    assertEquals(Outcome.TRUE, eval("deriv(history) > 0.0 || value < 0.9", FALLING_BRIEFLY));
  }

  @Test
  void whatDataWillNotFixIsAnError() throws Exception {
    Outcome missing = eval("labels.missing == 'x'", FALLING);
    assertEquals(Verdict.ERROR, missing.verdict());
    assertTrue(missing.reason().contains("missing"), missing.reason());
    assertEquals(Outcome.FALSE, eval("'missing' in labels && labels.missing == 'x'", FALLING));
    assertEquals(Outcome.TRUE, eval("labels.volume_id == 'vol-0a'", FALLING));
    assertEquals(
        Verdict.ERROR,
        eval("count_over_time(history.last(duration('-5m'))) > 0.0", FALLING).verdict());
  }

  @Test
  void absentIsNeverUnknown() throws Exception {
    assertEquals(Outcome.TRUE, eval("absent(history.last(duration('1h')))", scope(0.4, at())));
    assertEquals(Outcome.FALSE, eval("absent(history)", FALLING));
  }

  @Test
  void aConditionIsReusableAcrossSeriesAndThreads() throws Exception {
    Condition c = CEL.condition("time_until(history, 0.0) < 3600.0");
    Outcome[] outcomes = new Outcome[2];
    Thread other = new Thread(() -> outcomes[0] = c.evaluate(FALLING_BRIEFLY));
    other.start();
    outcomes[1] = c.evaluate(FALLING);
    other.join();
    assertEquals(Verdict.UNKNOWN, outcomes[0].verdict());
    // 0.4 falling 0.01 a minute reaches 0 in 40 minutes.
    assertEquals(Outcome.TRUE, outcomes[1]);
  }
}
