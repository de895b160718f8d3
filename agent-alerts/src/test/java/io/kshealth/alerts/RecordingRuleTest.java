package io.kshealth.alerts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.alerts.engine.AlertEngine;
import io.kshealth.alerts.engine.AlertState;
import io.kshealth.alerts.engine.EngineSettings;
import io.kshealth.alerts.expr.RuleLanguage;
import io.kshealth.alerts.rules.RuleLoader;
import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.SeriesKey;
import io.kshealth.api.Snapshot;
import io.kshealth.core.config.ConfigError;
import io.kshealth.core.config.ConfigException;
import io.kshealth.core.config.HistoryConfig;
import io.kshealth.core.history.HistoryStore;
import io.kshealth.core.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recording rules write into the agent's history store, where later rules read them. */
class RecordingRuleTest {

  static final Metric LAG = Metric.gauge("kshealth_test_lag", "Lag.");

  final MutableClock clock = new MutableClock();

  HistoryStore store(int maxSeries) {
    return new HistoryStore(
        new HistoryConfig(
            Duration.ofHours(1), maxSeries, Duration.ofMinutes(5), Optional.empty(), 1 << 20),
        clock);
  }

  void collect(HistoryStore store, double p0, double p1) {
    Snapshot.Builder b = new Snapshot.Builder("lag", clock.millis());
    b.add(LAG, Labels.of("group", "g1", "partition", "0"), p0);
    b.add(LAG, Labels.of("group", "g1", "partition", "1"), p1);
    store.append(b.build());
  }

  static final String RULES =
      """
      groups:
      - name: g
        rules:
        - alert: BeforeTheRecord
          series: group:kshealth_test_lag:sum
          expr: value > 0.0
          labels: {severity: info}
        - record: group:kshealth_test_lag:sum
          series: sum by (group) (kshealth_test_lag)
          labels: {source: recorded}
        - alert: GroupLagHigh
          series: group:kshealth_test_lag:sum{source="recorded"}
          expr: value > 10.0
          labels: {severity: warning}
      """;

  AlertEngine engine(Path dir, HistoryStore store, String rules) throws Exception {
    Path file = Files.writeString(dir.resolve("r.yaml"), rules);
    return new AlertEngine(
        new RuleLoader(RuleLanguage.standard()).load(List.of(file)),
        new HistorySource(store),
        EngineSettings.DEFAULT);
  }

  static List<String> active(AlertEngine engine) {
    return engine.result().alerts().stream()
        .filter(a -> a.state() != AlertState.INACTIVE)
        .map(a -> a.labels().toString())
        .sorted()
        .toList();
  }

  @Test
  void aLaterRuleReadsTheRecordedSeriesAtTheSameEvaluation(@TempDir Path dir) throws Exception {
    HistoryStore store = store(100);
    AlertEngine engine = engine(dir, store, RULES);
    collect(store, 5, 7);
    engine.evaluate(clock.millis());

    // Written under its name and the group's labels with the rule's, at the evaluation time.
    SeriesKey recorded =
        new SeriesKey(
            "group:kshealth_test_lag:sum", Labels.of("group", "g1", "source", "recorded"));
    assertArrayEquals(
        new double[] {12}, store.points(recorded).orElseThrow().values(), "5 + 7 recorded");
    assertArrayEquals(new long[] {clock.millis()}, store.points(recorded).orElseThrow().times());
    // File order: the rule after the record sees it at once, the rule before it does not yet.
    assertEquals(
        List.of(
            "{alertname=\"GroupLagHigh\", group=\"g1\", severity=\"warning\","
                + " source=\"recorded\"}"),
        active(engine));

    clock.advance(Duration.ofSeconds(30));
    collect(store, 1, 2);
    engine.evaluate(clock.millis());
    assertArrayEquals(new double[] {12, 3}, store.points(recorded).orElseThrow().values());
    assertEquals(
        List.of(
            "{alertname=\"BeforeTheRecord\", group=\"g1\", severity=\"info\", source=\"recorded\"}"),
        active(engine),
        "the first rule reads the previous evaluation's record; 3 is no longer high");
  }

  @Test
  void aSeriesTheRuleNoLongerGivesEndsAtOnce(@TempDir Path dir) throws Exception {
    HistoryStore store = store(100);
    AlertEngine engine = engine(dir, store, RULES);
    collect(store, 5, 7);
    engine.evaluate(clock.millis());
    clock.advance(Duration.ofSeconds(30));
    store.append(new Snapshot.Builder("lag", clock.millis()).build()); // the group is gone
    engine.evaluate(clock.millis());
    SeriesKey recorded =
        new SeriesKey(
            "group:kshealth_test_lag:sum", Labels.of("group", "g1", "source", "recorded"));
    assertTrue(store.ended(recorded), "ended, as Prometheus marks it stale");
    assertEquals(java.util.Map.of(), store.seriesNamed("group:kshealth_test_lag:sum"));
    clock.advance(Duration.ofSeconds(30));
    engine.evaluate(clock.millis());
    assertEquals(
        List.of(),
        active(engine),
        "the rule before the record no longer reads its last value, though within the lookback");
  }

  @Test
  void recordedSeriesCountAgainstMaxSeries(@TempDir Path dir) throws Exception {
    HistoryStore store = store(2); // the two collected series fill it
    AlertEngine engine = engine(dir, store, RULES);
    collect(store, 5, 7);
    engine.evaluate(clock.millis());
    assertEquals(2, store.seriesCount());
    assertEquals(1, store.droppedSeriesTotal(), "the recorded series is refused and counted");
    assertEquals(List.of(), active(engine));
  }

  @Test
  void aRecordingRuleWithAnAlertsPartsIsALoadErrorAtThatPart(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("r.yaml"),
            """
            groups:
            - name: g
              rules:
              - record: group:kshealth_test_lag:sum
                series: sum by (group) (kshealth_test_lag)
                expr: value > 1.0
                for: 5m
                annotations: {summary: x}
              - record: not a name
                series: kshealth_test_lag
              - record: ok:kshealth_test_lag
              - record: kshealth_test_lag_sum
                series: sum(kshealth_test_lag)
            """);
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> new RuleLoader(RuleLanguage.standard()).load(List.of(file)));
    String all = String.join("\n", e.errors().stream().map(ConfigError::format).toList());
    assertTrue(
        all.contains(
            "r.yaml:6:11: groups[0].rules[0].expr: recording rule 'group:kshealth_test_lag:sum': a recording"
                + " rule has no 'expr'"),
        all);
    assertTrue(all.contains("r.yaml:7:10: groups[0].rules[0].for: recording rule"), all);
    assertTrue(all.contains("r.yaml:8:18: groups[0].rules[0].annotations: recording rule"), all);
    assertTrue(all.contains("groups[0].rules[1].record: recording rule 'not a name'"), all);
    assertTrue(
        all.contains("groups[0].rules[2].series: recording rule 'ok:kshealth_test_lag': missing"),
        all);
    assertTrue(
        all.contains(
            "r.yaml:12:13: groups[0].rules[3].record: recording rule 'kshealth_test_lag_sum': a"
                + " metric name with at least one colon is needed"),
        all);
    assertEquals(6, e.errors().size(), all);
  }
}
