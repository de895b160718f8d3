package io.kshealth.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kshealth.alerts.engine.AlertEngine;
import io.kshealth.alerts.engine.AlertState;
import io.kshealth.alerts.engine.EngineSettings;
import io.kshealth.alerts.engine.Transition;
import io.kshealth.alerts.expr.Condition;
import io.kshealth.alerts.expr.Outcome;
import io.kshealth.alerts.query.SeriesQuery;
import io.kshealth.alerts.rules.AlertRule;
import io.kshealth.alerts.rules.RuleSet;
import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.Snapshot;
import io.kshealth.core.agent.LatestSnapshots;
import io.kshealth.core.config.CollectorConfig;
import io.kshealth.core.config.HistoryConfig;
import io.kshealth.core.history.HistoryStore;
import io.kshealth.core.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Rules over the agent's history as collector runs reach it: a series a successful run no longer
 * reports is gone for the rules at the next evaluation, and a failed run changes nothing.
 */
class HistorySourceTest {

  static final Metric NOT_RUNNING =
      Metric.gauge("kshealth_test_client_not_running", "1 when the client is not running.");
  static final CollectorConfig STREAMS =
      new CollectorConfig(
          "streams",
          "streams",
          Duration.ofSeconds(10),
          Duration.ofSeconds(5),
          true,
          context -> {
            throw new UnsupportedOperationException();
          });
  static final Labels OLD_CLIENT = Labels.of("client_id", "app-old");
  static final Labels NEW_CLIENT = Labels.of("client_id", "app-new");

  final MutableClock clock = new MutableClock();
  final HistoryStore history =
      new HistoryStore(
          new HistoryConfig(
              Duration.ofMinutes(30), 100, Duration.ofMinutes(5), Optional.empty(), 1 << 20),
          clock);
  final LatestSnapshots sink = new LatestSnapshots(history);

  static final Condition IS_ONE = scope -> scope.value() == 1 ? Outcome.TRUE : Outcome.FALSE;

  final AlertEngine engine =
      new AlertEngine(
          new RuleSet(
              List.of(),
              List.of(
                  new AlertRule(
                      "streams",
                      "ClientNotRunning",
                      SeriesQuery.parse(NOT_RUNNING.name()),
                      IS_ONE,
                      "value == 1",
                      Duration.ZERO,
                      Duration.ZERO,
                      Map.of(),
                      Map.of(),
                      Set.of(),
                      "test:1"))),
          new HistorySource(history),
          EngineSettings.DEFAULT);

  void run(Map<Labels, Double> clients) {
    Snapshot.Builder b = new Snapshot.Builder(STREAMS.name(), clock.millis());
    clients.forEach((labels, value) -> b.add(NOT_RUNNING, labels, value));
    sink.accept(STREAMS, Optional.of(b.build()));
    clock.advance(Duration.ofSeconds(5));
  }

  List<Transition> evaluate() {
    List<Transition> t = engine.evaluate(clock.millis());
    clock.advance(Duration.ofSeconds(5));
    return t;
  }

  @Test
  void anAlertOnAVanishedSeriesResolvesAtTheEvaluationAfterTheRunThatLacksIt() {
    run(Map.of(OLD_CLIENT, 1.0));
    assertEquals(Transition.Kind.FIRED, evaluate().get(0).kind());

    sink.accept(STREAMS, Optional.empty()); // a failed run: the client may still be there
    clock.advance(Duration.ofSeconds(5));
    assertEquals(List.of(), evaluate(), "a failed run resolves nothing");
    assertEquals(AlertState.FIRING, engine.result().alerts().get(0).state());

    run(Map.of(NEW_CLIENT, 0.0)); // the old JVM's client is gone, a new one starts
    List<Transition> resolved = evaluate();
    assertEquals(1, resolved.size());
    assertEquals(Transition.Kind.RESOLVED, resolved.get(0).kind());
    assertEquals("app-old", resolved.get(0).alert().labels().get("client_id"));

    run(Map.of(NEW_CLIENT, 0.0));
    assertEquals(List.of(), evaluate(), "nothing fires for the old client while its points stay");
  }
}
