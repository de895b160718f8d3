package io.kshealth.alerts.expr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.alerts.query.SeriesQuery;
import io.kshealth.api.Labels;
import io.kshealth.core.history.SeriesPoints;
import io.kshealth.core.schedule.Deadline;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Aggregation over the series of one metric, at an instant and stepped over a window. */
class SeriesQueriesTest {

  static final long NOW = Scopes.NOW;
  static final Labels A1 = Labels.of("app", "a", "client", "c1", "thread", "1");
  static final Labels A2 = Labels.of("app", "a", "client", "c1", "thread", "2");
  static final Labels A3 = Labels.of("app", "a", "client", "c2", "thread", "1");
  static final Labels B1 = Labels.of("app", "b", "client", "c3", "thread", "1");

  final Map<Labels, SeriesPoints> series = new LinkedHashMap<>();

  SeriesQueries query(String text) {
    return new SeriesQueries(
        SeriesQuery.parse(text),
        name -> name.equals("m") ? series : Map.of(),
        NOW,
        Scopes.LOOKBACK,
        Scopes.WINDOW,
        Deadline.NONE);
  }

  /** Each series' value 10s ago. */
  void values(double a1, double a2, double a3, double b1) {
    series.put(A1, Scopes.at(10, a1));
    series.put(A2, Scopes.at(10, a2));
    series.put(A3, Scopes.at(10, a3));
    series.put(B1, Scopes.at(10, b1));
  }

  static Map<Labels, Double> of(Object... labelsThenValue) {
    Map<Labels, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < labelsThenValue.length; i += 2) {
      m.put((Labels) labelsThenValue[i], (Double) labelsThenValue[i + 1]);
    }
    return m;
  }

  @Test
  void eachOperatorByAndWithout() {
    values(1, 2, 6, 10);
    Labels a = Labels.of("app", "a");
    Labels b = Labels.of("app", "b");
    assertEquals(of(a, 9.0, b, 10.0), query("sum by (app) (m)").at(NOW));
    assertEquals(of(a, 1.0, b, 10.0), query("min by (app) (m)").at(NOW));
    assertEquals(of(a, 6.0, b, 10.0), query("max by (app) (m)").at(NOW));
    assertEquals(of(a, 3.0, b, 10.0), query("avg by (app) (m)").at(NOW));
    assertEquals(of(a, 3.0, b, 1.0), query("count by (app) (m)").at(NOW));
    assertEquals(of(Labels.EMPTY, 19.0), query("sum(m)").at(NOW));
    assertEquals(
        of(
            Labels.of("app", "a", "client", "c1"),
            3.0,
            Labels.of("app", "a", "client", "c2"),
            6.0,
            Labels.of("app", "b", "client", "c3"),
            10.0),
        query("sum without (thread) (m)").at(NOW));
    assertEquals(of(a, 2.0, b, 10.0), query("quantile by (app) (0.5, m)").at(NOW));
    assertEquals(of(Labels.EMPTY, 1.75), query("quantile(0.25, m)").at(NOW));
    assertEquals(of(A3, 6.0, A2, 2.0, B1, 10.0), query("topk by (app) (2, m)").at(NOW));
    assertEquals(of(A1, 1.0, B1, 10.0), query("bottomk(1, m) by (app)").at(NOW));
  }

  @Test
  void nanCountsAsInPromql() {
    values(Double.NaN, 2, 6, Double.NaN);
    Labels a = Labels.of("app", "a");
    Labels b = Labels.of("app", "b");
    assertTrue(query("sum by (app) (m)").at(NOW).get(a).isNaN());
    assertTrue(query("avg by (app) (m)").at(NOW).get(a).isNaN());
    assertEquals(6.0, query("max by (app) (m)").at(NOW).get(a), "max ignores NaN");
    assertEquals(2.0, query("min by (app) (m)").at(NOW).get(a), "min ignores NaN");
    assertTrue(query("max by (app) (m)").at(NOW).get(b).isNaN(), "unless every member is NaN");
    assertEquals(3.0, query("count by (app) (m)").at(NOW).get(a));
    assertEquals(of(A3, 6.0, A2, 2.0), query("topk(2, m{app=\"a\"})").at(NOW), "NaN last");
    assertEquals(of(A2, 2.0, A3, 6.0), query("bottomk(2, m{app=\"a\"})").at(NOW), "NaN last");
    assertTrue(query("quantile(0, m{app=\"a\"})").at(NOW).get(Labels.EMPTY).isNaN(), "NaN first");
  }

  @Test
  void anEmptyGroupIsNoSeriesNotZero() {
    values(0, 0, 0, 1);
    assertEquals(
        of(Labels.of("app", "b"), 1.0), query("count by (app) (m{thread=\"1\"} > 0)").at(NOW));
    assertEquals(Map.of(), query("count(m > 5)").at(NOW));
    assertEquals(Map.of(), query("sum(absent_metric_name)").at(NOW));
    series.put(A1, Scopes.at(400, 7)); // older than the 5m lookback: gone
    assertEquals(Map.of(), query("sum(m{thread=\"1\", client=\"c1\"})").at(NOW));
  }

  @Test
  void aRangeFunctionIsTheWindowFunctionsOwnCode() {
    SeriesPoints a1 = Scopes.at(290, 0, 200, 3, 100, 1, 20, 4); // a reset
    SeriesPoints a2 = Scopes.at(40, 0, 10, 2); // young: from 0
    series.put(A1, a1);
    series.put(A2, a2);
    series.put(A3, Scopes.at(10, 5)); // one point: no rate, so not in the sum
    double expected =
        WindowFunctions.increase(Scopes.last(300, a1))
            + WindowFunctions.increase(Scopes.last(300, a2));
    assertEquals(
        of(Labels.of("client", "c1"), expected),
        query("sum by (client) (increase(m{app=\"a\"}[5m]))").at(NOW));
    assertEquals(
        WindowFunctions.rate(Scopes.last(300, a1)),
        query("rate(m{thread=\"1\", client=\"c1\"}[5m])").at(NOW).get(A1));
  }

  @Test
  void stepsAreASubqueryAlignedToTheEpochWithAMemberJoiningMidWindow() {
    long now = NOW + 7_000; // not on a step
    series.put(A1, points(now - 600_000, 60_000, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1));
    series.put(A2, points(now - 180_000, 60_000, 10, 10, 10, 10)); // appears 3m ago
    SeriesQueries q =
        new SeriesQueries(
            SeriesQuery.parse("sum(m)"),
            name -> series,
            now,
            Duration.ofMinutes(1),
            Duration.ofMinutes(10),
            Deadline.NONE);
    SeriesPoints steps = q.steps(60_000).get(Labels.EMPTY);
    long[] times = new long[10];
    double[] values = new double[10];
    for (int i = 0; i < 10; i++) {
      times[i] = NOW - 540_000 + i * 60_000L; // multiples of 1m, within the last 10m
      values[i] = times[i] >= now - 180_000 ? 11 : 1;
    }
    assertArrayEquals(times, steps.times());
    assertArrayEquals(values, steps.values());
  }

  @Test
  void stepsOfARangeFunctionStartWhereItsRangeIsInTheHistory() {
    series.put(A1, points(NOW - 1_800_000, 60_000, new double[31]));
    SeriesQueries q = query("sum(rate(m[10m]))");
    assertEquals(Duration.ofMinutes(20), q.window());
    SeriesPoints steps = q.steps(60_000).get(Labels.EMPTY);
    assertEquals(NOW - 1_200_000, steps.times()[0]);
    assertEquals(21, steps.size());
  }

  @Test
  void aRangeLongerThanTheHistoryIsUnknown() {
    SeriesQueries.UnknownQuery e =
        assertThrows(SeriesQueries.UnknownQuery.class, () -> query("sum(rate(m[1h]))"));
    assertEquals("range 1h is longer than the 30m of history", e.getMessage());
  }

  static SeriesPoints points(long first, long every, double... values) {
    long[] times = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      times[i] = first + i * every;
    }
    return new SeriesPoints(times, values);
  }
}
