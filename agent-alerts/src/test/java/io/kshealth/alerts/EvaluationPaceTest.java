package io.kshealth.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.alerts.engine.Alert;
import io.kshealth.alerts.engine.AlertEngine;
import io.kshealth.alerts.engine.AlertState;
import io.kshealth.alerts.engine.EngineSettings;
import io.kshealth.alerts.expr.RuleLanguage;
import io.kshealth.alerts.rules.RuleLoader;
import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.Snapshot;
import io.kshealth.core.config.HistoryConfig;
import io.kshealth.core.history.HistoryStore;
import io.kshealth.core.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline from a collector's append to {@code for} starting, on the agent's defaults (10s
 * collections; rules 1s after new samples, at least 5s apart, at most 15s), with a real history
 * store whose appends drive the pace as in {@link Alerting}, the rules engine over it, and a clock
 * the test moves in 100 ms steps.
 */
class EvaluationPaceTest {

  static final long SECOND = 1000;
  static final Metric STALLED = Metric.gauge("kshealth_stalled", "1 while the app is stalled");
  static final Metric OTHER = Metric.gauge("kshealth_other", "another collector's metric");

  @TempDir Path dir;

  final MutableClock clock = new MutableClock();
  final long t0 = clock.millis();
  final HistoryStore history =
      new HistoryStore(
          new HistoryConfig(
              Duration.ofMinutes(30), 100, Duration.ofMinutes(5), Optional.empty(), 1 << 20),
          clock);
  final EvaluationPace pace =
      new EvaluationPace(
          AlertingSettings.DEFAULT_EVALUATION_DELAY,
          AlertingSettings.DEFAULT_EVALUATION_MIN_GAP,
          AlertingSettings.DEFAULT_EVALUATION_INTERVAL,
          t0);
  final List<Long> evaluations = new ArrayList<>();

  /** A collector: its interval and phase in seconds, and the value it reports at a time. */
  record Collector(String name, Metric metric, double interval, double phase, boolean stalls) {}

  AlertEngine engine() throws Exception {
    Path rules =
        Files.writeString(
            dir.resolve("r.yaml"),
            """
            groups:
            - name: g
              rules:
              - alert: Stalled
                series: kshealth_stalled
                expr: value == 1.0
                for: 30s
                labels: {severity: critical}
            """);
    history.onAppend(s -> pace.samplesArrived(clock.millis()));
    return new AlertEngine(
        new RuleLoader(RuleLanguage.standard()).load(List.of(rules)),
        new HistorySource(history),
        EngineSettings.DEFAULT);
  }

  /**
   * Runs the collectors from t0 for {@code seconds}, the stall starting at {@code faultSecond} and
   * collectors silent from {@code silentFrom}; evaluates whenever the pace says.
   */
  void run(
      AlertEngine engine,
      List<Collector> collectors,
      double seconds,
      double faultSecond,
      double silentFrom) {
    for (long step = 0; step <= seconds * 10; step++) {
      long now = t0 + step * 100;
      clock.advance(Duration.ofMillis(now - clock.millis()));
      double at = step / 10.0;
      for (Collector c : collectors) {
        long every = Math.round(c.interval() * 10);
        long phase = Math.round(c.phase() * 10);
        boolean due = step >= phase && (step - phase) % every == 0;
        if (due && at < silentFrom) {
          double value = c.stalls() && at >= faultSecond ? 1 : 0;
          Snapshot.Builder run = new Snapshot.Builder(c.name(), now);
          run.add(c.metric(), Labels.EMPTY, value);
          history.append(run.build());
        }
      }
      if (pace.startIfDue(now)) {
        evaluations.add(now);
        engine.evaluate(now);
      }
    }
  }

  Optional<Alert> stalled(AlertEngine engine) {
    return engine.result().alerts().stream().filter(a -> a.rule().equals("Stalled")).findFirst();
  }

  @Test
  void forStartsWithinFiveSecondsOfTheCollectionThatSawTheFault() throws Exception {
    AlertEngine engine = engine();
    List<Collector> collectors =
        List.of(
            new Collector("streams", STALLED, 10, 0, true),
            new Collector("lag", OTHER, 10, 3.7, false),
            new Collector("node", OTHER, 10, 7.2, false));
    // The fault at 120.5s is first collected at 130s.
    run(engine, collectors, 200, 120.5, Double.MAX_VALUE);
    Alert alert = stalled(engine).orElseThrow();
    long seenAt = t0 + 130 * SECOND;
    long waited = alert.activeAtMillis() - seenAt;
    assertTrue(waited >= 0 && waited <= 5 * SECOND, "for started " + waited + " ms after");
    assertEquals(AlertState.FIRING, alert.state());
    assertTrue(alert.firedAtMillis() - seenAt <= 35 * SECOND, "fired 30s after for started");
  }

  @Test
  void collectorsFinishingTogetherMakeOneEvaluation() throws Exception {
    AlertEngine engine = engine();
    run(
        engine,
        List.of(
            new Collector("streams", STALLED, 10, 0, false),
            new Collector("lag", OTHER, 10, 0.4, false),
            new Collector("node", OTHER, 10, 0.8, false)),
        100,
        Double.MAX_VALUE,
        Double.MAX_VALUE);
    // One evaluation a second after each round of the three: at 1s, 11s, ... 91s.
    assertEquals(10, evaluations.size(), evaluations.toString());
    assertEquals(t0 + SECOND, evaluations.get(0));
    assertEquals(t0 + 91 * SECOND, evaluations.get(9));
  }

  @Test
  void aOneSecondCollectorCannotMakeEvaluationABusyLoop() throws Exception {
    AlertEngine engine = engine();
    run(
        engine,
        List.of(new Collector("fast", OTHER, 1, 0, false)),
        60,
        Double.MAX_VALUE,
        Double.MAX_VALUE);
    for (int i = 1; i < evaluations.size(); i++) {
      assertEquals(5 * SECOND, evaluations.get(i) - evaluations.get(i - 1));
    }
  }

  @Test
  void withNoNewSamplesTheRulesStillEvaluateEveryIntervalSoForGoesOn() throws Exception {
    AlertEngine engine = engine();
    // The stall is collected at 10s and 20s, then the collectors fall silent: `for` (30s) must
    // still elapse, on the interval's evaluations.
    run(engine, List.of(new Collector("streams", STALLED, 10, 0, true)), 120, 5, 25);
    List<Long> late = evaluations.stream().filter(t -> t > t0 + 25 * SECOND).toList();
    for (int i = 1; i < late.size(); i++) {
      assertEquals(15 * SECOND, late.get(i) - late.get(i - 1));
    }
    assertEquals(AlertState.FIRING, stalled(engine).orElseThrow().state());
  }
}
