package io.kshealth.alerts.expr;

import static io.kshealth.alerts.expr.Scopes.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.api.Labels;
import io.kshealth.core.history.SeriesPoints;
import io.kshealth.core.schedule.Deadline;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code join}, {@code join_or} and {@code history_on} with a query of the {@code series:} subset
 * and a label mapping: the lag series of group {@code orders} reads the restore of application
 * {@code orders}.
 */
class JoinOnLabelsTest {

  static final RuleLanguage CEL = RuleLanguage.standard();

  /** Every other series, by metric. */
  final Map<String, Map<Labels, SeriesPoints>> others = new LinkedHashMap<>();

  void put(String metric, Labels labels, SeriesPoints points) {
    others.computeIfAbsent(metric, m -> new LinkedHashMap<>()).put(labels, points);
  }

  Outcome eval(Labels mine, String expr) throws ExpressionException {
    SeriesScope scope =
        new SeriesScope(
            Scopes.NOW,
            mine,
            1.0,
            at(0, 1.0),
            Scopes.WINDOW,
            Scopes.LOOKBACK,
            Scopes.STEP,
            metric -> others.getOrDefault(metric, Map.of()),
            Deadline.NONE);
    return CEL.condition(expr).evaluate(scope);
  }

  static final Labels ORDERS_LAG = Labels.of("group", "orders", "topic", "in");

  void restores() {
    put("restore", Labels.of("application_id", "orders", "client_id", "c1"), at(0, 30));
    put("restore", Labels.of("application_id", "orders", "client_id", "c2"), at(0, 12));
    put("restore", Labels.of("application_id", "billing", "client_id", "c3"), at(0, 7));
  }

  @Test
  void aMappingMatchesTheOtherSidesLabelToThisSeriesLabelOfAnotherName() throws Exception {
    restores();
    assertEquals(
        Outcome.TRUE,
        eval(
            ORDERS_LAG,
            "join('sum by (application_id) (restore)', {'application_id': 'group'}) == 42.0"));
    assertEquals(
        Outcome.TRUE,
        eval(ORDERS_LAG, "join('restore{client_id=\"c2\"}', {'application_id': 'group'}) == 12.0"));
    // By name, as a list: group is not on the other side, so it agrees with nothing there.
    assertEquals(
        Outcome.unknown(
            "no series of sum by (application_id) (restore) matches {group=\"orders\","
                + " topic=\"in\"}"),
        eval(ORDERS_LAG, "join('sum by (application_id) (restore)', ['group']) == 42.0"));
  }

  @Test
  void severalMatchesStayUnknownWithOrWithoutADefault() throws Exception {
    restores();
    String several =
        "several series of restore match {group=\"orders\", topic=\"in\"}:"
            + " {application_id=\"orders\", client_id=\"c1\"} and"
            + " {application_id=\"orders\", client_id=\"c2\"}";
    assertEquals(
        Outcome.unknown(several),
        eval(ORDERS_LAG, "join('restore', {'application_id': 'group'}) > 0.0"));
    assertEquals(
        Outcome.unknown(several),
        eval(ORDERS_LAG, "join_or('restore', {'application_id': 'group'}, 0.0) > 0.0"));
  }

  @Test
  void joinOrGivesTheDefaultWhenNothingMatchesOrTheMatchIsGone() throws Exception {
    restores();
    String q = "join_or('sum by (application_id) (restore)', {'application_id': 'group'}, -1.0)";
    assertEquals(Outcome.TRUE, eval(ORDERS_LAG, q + " == 42.0"));
    assertEquals(Outcome.TRUE, eval(Labels.of("group", "payments"), q + " == -1.0"));
    assertEquals(Outcome.TRUE, eval(ORDERS_LAG, "join_or('nothing', ['group'], 0.0) == 0.0"));
    // A filter that keeps nothing: nothing matches, as PromQL's `or` sees it.
    assertEquals(
        Outcome.TRUE,
        eval(
            ORDERS_LAG,
            "join_or('sum by (application_id) (restore > 100)', {'application_id': 'group'}, 0.0)"
                + " == 0.0"));
    // A stored series whose newest point is older than the lookback is gone.
    put("stale", Labels.of("group", "orders"), at(600, 5));
    assertEquals(Outcome.TRUE, eval(ORDERS_LAG, "join_or('stale', ['group'], 0.0) == 0.0"));
    assertEquals(
        Outcome.unknown("stale{group=\"orders\"} has no point in the last 5m"),
        eval(ORDERS_LAG, "join('stale', ['group']) == 0.0"));
  }

  @Test
  void aWindowOverAJoinedSeries() throws Exception {
    // The container's periods: 100 per 10s, so 6000 over the last 10 minutes.
    Labels app = Labels.of("container", "app");
    double[] points = new double[2 * 61];
    for (int i = 0; i <= 60; i++) {
      points[2 * i] = 600 - 10 * i;
      points[2 * i + 1] = 100.0 * i;
    }
    put("periods", app, at(points));
    put("periods", Labels.of("container", "sidecar"), at(points));
    Labels throttled = Labels.of("container", "app", "cpu", "total");
    assertEquals(
        Outcome.TRUE,
        eval(
            throttled,
            "increase(history_on('periods', ['container']).last(duration('10m'))) == 6000.0"));
    assertEquals(
        Outcome.TRUE,
        eval(
            throttled,
            "rate(history_on('periods', {'container': 'container'}).last(duration('10m')))"
                + " == 10.0"));
    // Without on, as join(query): on every label both have (cpu is not on periods).
    assertEquals(
        Outcome.TRUE,
        eval(throttled, "increase(history_on('periods').last(duration('10m'))) == 6000.0"));
    // Of an aggregate: its value at each minute (the step) within the window its range leaves.
    assertEquals(
        Outcome.TRUE,
        eval(
            throttled,
            "max_over_time(history_on('sum by (container) (rate(periods[1m]))', ['container']))"
                + " == 10.0 && count_over_time(history_on('sum by (container)"
                + " (rate(periods[1m]))', ['container']).last(duration('5m'))) == 6.0"));
    // The aggregate's window is the history's 30m less its 20m range: 15m is too long.
    assertEquals(
        Outcome.unknown("range 15m is longer than the 10m of history it is taken from"),
        eval(
            throttled,
            "max_over_time(history_on('sum by (container) (rate(periods[20m]))', ['container'])"
                + ".last(duration('15m'))) > 0.0"));
  }

  @Test
  void historyOfStillReplacesLabelValues() throws Exception {
    put("kshealth_lag_status", Labels.of("group", "orders", "status", "STALL"), at(300, 1, 0, 0));
    put("kshealth_lag_status", Labels.of("group", "orders", "status", "STOP"), at(0, 1));
    assertEquals(
        Outcome.TRUE,
        eval(
            Labels.of("group", "orders", "status", "STOP"),
            "max_over_time(history_of('kshealth_lag_status', {'status': 'STALL'})) == 1.0"));
  }

  @Test
  void theQueryIsAConstantStringCheckedAtLoad() {
    for (String expr :
        new String[] {
          "join(labels.metric) > 0.0",
          "join('a' + 'b', ['x']) > 0.0",
          "join_or(labels['m'], {'a': 'b'}, 0.0) > 0.0",
          "rate(history_on(string(value), ['x'])) > 0.0",
        }) {
      ExpressionException e = assertThrows(ExpressionException.class, () -> CEL.condition(expr));
      assertTrue(e.getMessage().contains("needs a constant string"), e.getMessage());
    }
    ExpressionException e =
        assertThrows(
            ExpressionException.class,
            () -> CEL.condition("value > 0.0 &&\n  join('sum by (a) (x', ['a']) > 0.0"));
    assertEquals(
        "ERROR: <input>:2:8: join(\"sum by (a) (x\"): at character 14: expected ')', got the end",
        e.getMessage());
    for (String expr :
        new String[] {
          "join('sum(sum(x))') > 0.0",
          "join_or('rate(x[0s])', ['a'], 0.0) > 0.0",
          "join('x{a=~\"(\"}') > 0.0",
          "join('" + "x".repeat(3000) + "') > 0.0",
          "join('topk(100000, x)') > 0.0",
          "rate(history_on('', ['a'])) > 0.0",
        }) {
      assertThrows(ExpressionException.class, () -> CEL.condition(expr), expr);
    }
    // Templates too.
    assertThrows(ExpressionException.class, () -> CEL.template("{{ join('x[') }}"));
    // Wrong types are CEL's type errors.
    assertThrows(ExpressionException.class, () -> CEL.condition("join_or('x', ['a']) > 0.0"));
    assertThrows(
        ExpressionException.class, () -> CEL.condition("join_or('x', {'a': 1}, 0.0) > 0.0"));
    assertThrows(ExpressionException.class, () -> CEL.condition("history_on('x', ['a']) > 0.0"));
  }
}
