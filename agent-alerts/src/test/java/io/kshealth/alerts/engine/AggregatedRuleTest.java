package io.kshealth.alerts.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kshealth.alerts.expr.RuleLanguage;
import io.kshealth.alerts.rules.RuleLoader;
import io.kshealth.api.Labels;
import io.kshealth.core.history.SeriesPoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rules whose {@code series:} aggregates, loaded from YAML and evaluated by the engine. */
class AggregatedRuleTest {

  static final long MIN = 60_000;
  static final Labels T1 = Labels.of("client_id", "c1", "thread", "c1-StreamThread-1");
  static final Labels T2 = Labels.of("client_id", "c1", "thread", "c1-StreamThread-2");
  static final Labels T3 = Labels.of("client_id", "c2", "thread", "c2-StreamThread-1");

  final Map<Labels, SeriesPoints> rebalances = new LinkedHashMap<>();

  AlertEngine engine(Path dir, String series, String expr) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("r.yaml"),
            """
            groups:
            - name: g
              rules:
              - alert: Storm
                series: '%s'
                expr: '%s'
                labels: {severity: warning}
                annotations: {summary: "{{ labels.client_id }}: {{ value }}"}
            """
                .formatted(series, expr));
    return new AlertEngine(
        new RuleLoader(RuleLanguage.standard()).load(List.of(file)),
        name -> name.equals("m") ? rebalances : Map.of(),
        EngineSettings.DEFAULT);
  }

  /** A counter sampled each minute from minute 0 to 20, rising by 1 at each minute listed. */
  static SeriesPoints counter(int... risesAt) {
    long[] t = new long[21];
    double[] v = new double[21];
    for (int m = 0; m <= 20; m++) {
      t[m] = m * MIN;
      v[m] = m == 0 ? 0 : v[m - 1];
      for (int r : risesAt) {
        v[m] += r == m ? 1 : 0;
      }
    }
    return new SeriesPoints(t, v);
  }

  static List<String> firing(AlertEngine engine) {
    return engine.result().alerts().stream()
        .filter(a -> a.state() == AlertState.FIRING)
        .map(a -> a.labels() + " " + a.annotations().get("summary"))
        .toList();
  }

  @Test
  void twoThreadsOfOneClientRebalancingAreOneAlertForTheClient(@TempDir Path dir) throws Exception {
    rebalances.put(T1, counter(16, 18));
    rebalances.put(T2, counter(17, 19));
    rebalances.put(T3, counter(17));
    AlertEngine engine = engine(dir, "sum by (client_id) (increase(m[15m]))", "value >= 4.0");
    engine.evaluate(20 * MIN);
    assertEquals(
        List.of("{alertname=\"Storm\", client_id=\"c1\", severity=\"warning\"} c1: 4"),
        firing(engine));
  }

  @Test
  void aWindowOverTheAggregateIsItsSubqueryFromTheHistory(@TempDir Path dir) throws Exception {
    // c1's threads rose together at minutes 16 to 19 (4 each); by minute 20 the 3-minute increase
    // has fallen back, but the maximum of the sum over the last 5 minutes remembers the peak.
    rebalances.put(T1, counter(16, 17, 18));
    rebalances.put(T2, counter(16, 17, 18));
    AlertEngine engine =
        engine(
            dir,
            "sum by (client_id) (increase(m[2m]))",
            "max_over_time(history.last(duration(\"5m\"))) >= 4.0 && value < 1.0");
    engine.evaluate(21 * MIN);
    assertEquals(
        List.of("{alertname=\"Storm\", client_id=\"c1\", severity=\"warning\"} c1: 0"),
        firing(engine));
  }

  @Test
  void aRangeLongerThanTheHistoryIsAnErrorOfTheRuleNotSilence(@TempDir Path dir) throws Exception {
    rebalances.put(T1, counter(16));
    AlertEngine engine = engine(dir, "sum(increase(m[1h]))", "value >= 0.0");
    engine.evaluate(20 * MIN);
    RuleHealth health = engine.result().health().get(0);
    assertEquals(1, health.errorsTotal());
    assertEquals("series: range 1h is longer than the 30m of history", health.lastError());
  }
}
