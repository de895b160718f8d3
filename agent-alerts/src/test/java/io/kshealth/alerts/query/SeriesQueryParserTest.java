package io.kshealth.alerts.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.alerts.expr.RuleLanguage;
import io.kshealth.alerts.rules.RuleLoader;
import io.kshealth.api.Labels;
import io.kshealth.core.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeriesQueryParserTest {

  @Test
  void aBareSelectorIsPlain() {
    SeriesQuery q = SeriesQuery.parse(" m{a=\"x\", b=~\"1|2\"} ");
    assertTrue(q.isPlain());
    assertEquals("m", q.metric());
    assertTrue(q.selector().matches(Labels.of("a", "x", "b", "2")));
  }

  @Test
  void anAggregationOfARangeFunctionReadsItsParts() {
    SeriesQuery q =
        SeriesQuery.parse(
            "sum by (application_id, client_id) (increase(kshealth_streams_thread_rebalances_total{a=\"}\"}[1h30m]))");
    assertFalse(q.isPlain());
    assertEquals("kshealth_streams_thread_rebalances_total", q.metric());
    assertEquals(RangeFunction.INCREASE, q.function());
    assertEquals(Duration.ofMinutes(90), q.range());
    SeriesQuery.Aggregation a = Objects.requireNonNull(q.aggregation());
    assertEquals(AggregationOp.SUM, a.op());
    assertFalse(a.without());
    assertEquals(List.of("application_id", "client_id"), a.labels());
    assertEquals(
        Labels.of("client_id", "c1"),
        a.groupOf(Labels.of("client_id", "c1", "thread", "StreamThread-1")));
  }

  @Test
  void theGroupingMayFollowAndAParameterLeads() {
    SeriesQuery q = SeriesQuery.parse("topk(3, rate(x[5m]) > 0.5) without (thread,)");
    SeriesQuery.Aggregation a = Objects.requireNonNull(q.aggregation());
    assertEquals(AggregationOp.TOPK, a.op());
    assertEquals(3.0, a.parameter());
    assertTrue(a.without());
    assertEquals(Labels.of("a", "1"), a.groupOf(Labels.of("a", "1", "thread", "t")));
    assertEquals(new SeriesQuery.Comparison(">", 0.5), q.filter());
    assertEquals(0.9, SeriesQuery.parse("quantile by (g) (0.9, x)").aggregation().parameter());
    assertEquals(List.of(), SeriesQuery.parse("count(x)").aggregation().labels());
  }

  @Test
  void aFilterComparesWithANumber() {
    SeriesQuery q = SeriesQuery.parse("count by (application_id) (m{presence=\"gone\"} > 0)");
    SeriesQuery.Comparison c = Objects.requireNonNull(q.filter());
    assertTrue(c.keeps(1) && !c.keeps(0) && !c.keeps(Double.NaN));
    assertTrue(SeriesQuery.parse("m != 1").filter().keeps(Double.NaN), "NaN != 1, as in PromQL");
    assertEquals(-1e3, SeriesQuery.parse("m <= -1e3").filter().number());
    assertEquals(Double.POSITIVE_INFINITY, SeriesQuery.parse("m == +Inf").filter().number());
    assertNull(SeriesQuery.parse("max_over_time(m[5m])").aggregation());
  }

  @Test
  void nestingIsRefusedAtItsCharacterWithoutDescending() {
    assertError("sum(max(x))", "at character 5: aggregations do not nest (sum of max)");
    assertError(
        "((((x))))", "at character 1: expected a metric name, a function or an aggregation");
    assertError("rate(rate(x[5m])[5m])", "at character 6: functions do not nest (rate of rate)");
    assertError("sum(x) + 1", "at character 8: unexpected '+ 1'");
    assertError("sum(x) > 3", "at character 8: unexpected '> 3'; compare in 'expr'");
    assertError("sum by (a) (x) by (b)", "at character 16: the grouping is given twice");
    String deep = "sum(".repeat(400) + "x" + ")".repeat(400);
    assertError(deep, "at character 5: aggregations do not nest");
    String long_ = "sum(".repeat(5000);
    assertError(long_, "longer than 2048 characters (20000)");
  }

  @Test
  void unknownFunctionsAreNamedWithTheKnownOnes() {
    assertError(
        "stddev_over_time(x[5m])",
        "at character 1: unknown function 'stddev_over_time'; the functions are rate, increase,"
            + " changes, deriv, avg_over_time");
    assertError("sum(holt_winters(x[5m]))", "at character 5: unknown function 'holt_winters'");
    assertError("x > bool 1", "at character 5: 'bool' is not supported");
  }

  @Test
  void badRangesAndParametersAreNamed() {
    assertError("rate(x[5])", "at character 8: bad range '5': not a duration");
    assertError("rate(x[-5m])", "at character 8: bad range '-5m'");
    assertError("rate(x[0s])", "at character 8: a range must be longer than 0s");
    assertError("rate(x[400d])", "at character 8: bad range '400d': longer than a year");
    assertError("rate(x[5m)", "at character 8: the '[' before here is never closed");
    assertError("rate(x[])", "at character 8: bad range ''");
    assertError("rate(x)", "at character 7: expected '['");
    assertError("x[5m]", "at character 2: a range selector needs a function around it");
    assertError("x{a=\"b\"", "at character 2: the '{' here is never closed");
    assertError("x{a=b}", "at character 1: cannot read the label matcher at 'a=b'");
    assertError("topk(0, x)", "at character 6: topk's k must be a whole number from 1 to 10000");
    assertError("bottomk(1.5, x)", "at character 9: bottomk's k must be a whole number");
    assertError("quantile(2, x)", "at character 10: quantile's φ must be between 0 and 1");
    assertError("quantile(x)", "at character 10: expected a number, got 'x)'");
    assertError("sum by (a-b) (x)", "at character 10: expected ',', got '-b) (x)'");
  }

  @Test
  void aLongLabelValueWithinTheBoundIsRead() {
    String value = "a".repeat(SeriesQueryParser.MAX_LENGTH - 10);
    assertEquals(
        value, SeriesQuery.parse("m{a=\"" + value + "\"}").selector().matchers().get(0).value());
    String escapes = "\\\"".repeat(SeriesQueryParser.MAX_LENGTH / 2 - 10);
    assertEquals(
        "\"".repeat(SeriesQueryParser.MAX_LENGTH / 2 - 10),
        SeriesQuery.parse("m{a=\"" + escapes + "\"}").selector().matchers().get(0).value());
  }

  @Test
  void aBadSeriesIsALoadErrorAtItsFileLineAndColumn(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("r.yaml"),
            """
            groups:
            - name: g
              rules:
              - alert: Storm
                series: sum by (client_id) (increase(m[5x]))
                expr: value > 1.0
                labels: {severity: warning}
            """);
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> new RuleLoader(RuleLanguage.standard()).load(List.of(file)));
    assertEquals(
        List.of(
            file
                + ":5:13: groups[0].rules[0].series: rule 'Storm': at character 32: bad range '5x':"
                + " not a duration: use numbers with units d, h, m, s, ms, such as 30s, 5m or 1h30m"),
        e.errors().stream().map(c -> c.format()).toList());
  }

  private static void assertError(String series, String start) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SeriesQuery.parse(series), series);
    assertTrue(
        Objects.requireNonNull(e.getMessage()).startsWith(start),
        series + " gave: " + e.getMessage());
  }
}
