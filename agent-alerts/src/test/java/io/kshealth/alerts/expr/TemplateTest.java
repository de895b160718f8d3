package io.kshealth.alerts.expr;

import static io.kshealth.alerts.expr.Scopes.at;
import static io.kshealth.alerts.expr.Scopes.scope;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Templates print what a Prometheus template over the same numbers prints. */
class TemplateTest {

  static final RuleLanguage CEL = RuleLanguage.standard();

  /** 0.4 now, falling 0.01 a minute over the whole 30-minute history: 0 in 40 minutes. */
  static final SeriesScope FALLING = ConditionTest.FALLING;

  static String render(String template, SeriesScope scope) throws ExpressionException {
    return CEL.template(template).render(scope);
  }

  @Test
  void keepsTheTextAroundTheParts() throws Exception {
    assertEquals("no parts {here}", render("no parts {here}", FALLING));
    assertEquals(
        "volume vol-0a on nvme1n1.",
        render("volume {{ labels.volume_id }} on {{labels['device']}}.", FALLING));
    assertEquals("a\nvol-0a", render("a\n{{\n labels.volume_id\n}}", FALLING));
  }

  @Test
  void printsValuesAsGoFmtPrintsThem() throws Exception {
    assertEquals("0.45", render("{{ value }}", scope(0.45, at())));
    assertEquals("1e+06", render("{{ value }}", scope(1e6, at())));
    assertEquals("3", render("{{ value }}", scope(3.0, at())));
    assertEquals("+Inf NaN", render("{{ 1.0 / 0.0 }} {{ 0.0 / 0.0 }}", FALLING));
    assertEquals("3 true x", render("{{ 1 + 2 }} {{ value < 1.0 }} {{ 'x' }}", FALLING));
  }

  @Test
  void humanizesTheTimeUntilTheLineReachesZero() throws Exception {
    assertEquals(
        "empty in 40m 0s, at 40%",
        render(
            "empty in {{ humanizeDuration(time_until(history, 0.0)) }},"
                + " at {{ humanizePercentage(value) }}",
            FALLING));
  }

  @Test
  void aPartWithoutAnAnswerPrintsUnknown() throws Exception {
    SeriesScope brief = ConditionTest.FALLING_BRIEFLY;
    assertEquals(
        "trend unknown, label unknown, value 0.4",
        render("trend {{ deriv(history) }}, label {{ labels.nope }}, value {{ value }}", brief));
  }

  @Test
  void aBadPartFailsAtLoadNamingIt() {
    ExpressionException e =
        assertThrows(ExpressionException.class, () -> CEL.template("x {{ value + 'a' }} y"));
    assertTrue(e.getMessage().startsWith("in {{ value + 'a' }}: "), e.getMessage());
    assertTrue(e.getMessage().contains("1:7"), e.getMessage());
    assertThrows(ExpressionException.class, () -> CEL.template("{{ nope }}"));
  }
}
