package io.kshealth.alerts.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.alerts.expr.Condition;
import io.kshealth.alerts.expr.Outcome;
import io.kshealth.alerts.expr.SeriesSource;
import io.kshealth.alerts.expr.Template;
import io.kshealth.alerts.query.SeriesQuery;
import io.kshealth.alerts.rules.AlertRule;
import io.kshealth.alerts.rules.RuleSet;
import io.kshealth.api.Labels;
import io.kshealth.core.history.SeriesPoints;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state machine on explicit evaluation times (minutes), over series whose values the test sets;
 * the condition is {@code value > 5} unless the value is NaN, which stands for "unknown".
 */
class AlertEngineTest {

  static final long MIN = 60_000;
  static final Labels A = Labels.of("store", "a");
  static final Labels B = Labels.of("store", "b");

  final Map<Labels, List<long[]>> points = new HashMap<>();
  final SeriesSource source =
      name -> {
        Map<Labels, SeriesPoints> out = new HashMap<>();
        points.forEach(
            (labels, list) -> {
              long[] t = new long[list.size()];
              double[] v = new double[list.size()];
              for (int i = 0; i < list.size(); i++) {
                t[i] = list.get(i)[0];
                v[i] = Double.longBitsToDouble(list.get(i)[1]);
              }
              out.put(labels, new SeriesPoints(t, v));
            });
        return out;
      };

  static final Condition ABOVE_FIVE =
      scope ->
          Double.isNaN(scope.value())
              ? Outcome.unknown("no data")
              : scope.value() > 5 ? Outcome.TRUE : Outcome.FALSE;

  static AlertRule rule(Duration forDuration, Duration keepFiringFor) {
    Template summary = scope -> "value " + scope.value();
    return new AlertRule(
        "g",
        "High",
        SeriesQuery.parse("m"),
        ABOVE_FIVE,
        "value > 5",
        forDuration,
        keepFiringFor,
        Map.of("severity", "page"),
        Map.of("summary", summary),
        Set.of(),
        "test:1");
  }

  AlertEngine engine(AlertRule rule) {
    return new AlertEngine(new RuleSet(List.of(), List.of(rule)), source, EngineSettings.DEFAULT);
  }

  void put(Labels labels, long minute, double value) {
    points
        .computeIfAbsent(labels, l -> new ArrayList<>())
        .add(new long[] {minute * MIN, Double.doubleToLongBits(value)});
  }

  static AlertState stateOf(AlertEngine engine, Labels series) {
    return engine.result().alerts().stream()
        .filter(a -> a.labels().get("store").equals(series.get("store")))
        .map(Alert::state)
        .findFirst()
        .orElse(null);
  }

  @Test
  void pendingForItsForDurationThenFiringThenResolved() {
    AlertEngine engine = engine(rule(Duration.ofMinutes(2), Duration.ZERO));
    List<Transition> all = new ArrayList<>();
    for (int minute = 0; minute <= 5; minute++) {
      put(A, minute, minute >= 1 && minute <= 3 ? 9 : 1);
      all.addAll(engine.evaluate(minute * MIN));
      AlertState expected =
          switch (minute) {
            case 1, 2 -> AlertState.PENDING;
            case 3 -> AlertState.FIRING;
            case 4, 5 -> AlertState.INACTIVE;
            default -> null;
          };
      assertEquals(expected, stateOf(engine, A), "minute " + minute);
    }
    assertEquals(2, all.size());
    assertEquals(Transition.Kind.FIRED, all.get(0).kind());
    assertEquals(3 * MIN, all.get(0).alert().firedAtMillis());
    assertEquals(1 * MIN, all.get(0).alert().activeAtMillis());
    assertEquals(Transition.Kind.RESOLVED, all.get(1).kind());
    assertEquals(4 * MIN, all.get(1).alert().resolvedAtMillis());
    Alert fired = all.get(0).alert();
    assertEquals(Labels.of("store", "a", "severity", "page", "alertname", "High"), fired.labels());
    assertEquals(Map.of("summary", "value 9.0"), fired.annotations());
  }

  @Test
  void aRuleLabelSetToEmptyRemovesItSoTwoSeriesTakeTurnsAsOneAlert() {
    // As Prometheus: a and b (a STALL that turns STOP) give one alert, whose for goes on.
    AlertRule base = rule(Duration.ofMinutes(2), Duration.ZERO);
    AlertRule rule =
        new AlertRule(
            base.group(),
            base.name(),
            base.series(),
            base.condition(),
            base.exprSource(),
            base.forDuration(),
            base.keepFiringFor(),
            Map.of("severity", "page", "store", ""),
            base.annotations(),
            base.evidence(),
            base.origin());
    AlertEngine engine = engine(rule);
    put(A, 0, 9);
    put(B, 0, 1);
    engine.evaluate(0);
    put(A, 1, 1);
    put(B, 1, 9);
    engine.evaluate(MIN);
    put(A, 2, 1);
    put(B, 2, 9);
    List<Transition> fired = engine.evaluate(2 * MIN);
    assertEquals(1, fired.size());
    assertEquals(0, fired.get(0).alert().activeAtMillis());
    assertEquals(Labels.of("severity", "page", "alertname", "High"), fired.get(0).alert().labels());
  }

  @Test
  void forZeroFiresAtTheFirstEvaluation() {
    AlertEngine engine = engine(rule(Duration.ZERO, Duration.ZERO));
    put(A, 0, 9);
    assertEquals(1, engine.evaluate(0).size());
    assertEquals(AlertState.FIRING, stateOf(engine, A));
  }

  @Test
  void aPendingAlertThatFlapsStartsItsForAgain() {
    AlertEngine engine = engine(rule(Duration.ofMinutes(2), Duration.ZERO));
    double[] values = {9, 9, 1, 9, 9, 9};
    for (int minute = 0; minute < values.length; minute++) {
      put(A, minute, values[minute]);
      engine.evaluate(minute * MIN);
    }
    // Pending at 0 and 1, gone at 2, pending again from 3: fires at 5, not at 2.
    Alert a = engine.result().alerts().get(0);
    assertEquals(AlertState.FIRING, a.state());
    assertEquals(3 * MIN, a.activeAtMillis());
    assertEquals(5 * MIN, a.firedAtMillis());
  }

  @Test
  void keepFiringForHoldsAFiringAlertThroughABriefDip() {
    AlertEngine engine = engine(rule(Duration.ZERO, Duration.ofMinutes(2)));
    double[] values = {9, 1, 9, 1, 1, 1};
    List<Transition> all = new ArrayList<>();
    for (int minute = 0; minute < values.length; minute++) {
      put(A, minute, values[minute]);
      all.addAll(engine.evaluate(minute * MIN));
    }
    // Fires at 0; the dip at 1 is held; the dip from 3 is held at 3 and 4, resolved at 5.
    assertEquals(List.of(Transition.Kind.FIRED, Transition.Kind.RESOLVED), kinds(all));
    assertEquals(5 * MIN, all.get(1).alert().resolvedAtMillis());
  }

  @Test
  void unknownNeitherFiresNorResolvesNorAdvancesNothing() {
    AlertEngine engine = engine(rule(Duration.ofMinutes(1), Duration.ZERO));
    put(A, 0, 9);
    engine.evaluate(0);
    put(A, 1, Double.NaN);
    engine.evaluate(MIN);
    assertEquals(AlertState.PENDING, stateOf(engine, A), "for does not complete on unknown");
    put(A, 2, 9);
    assertEquals(1, engine.evaluate(2 * MIN).size());
    put(A, 3, Double.NaN);
    put(A, 4, Double.NaN);
    assertTrue(engine.evaluate(3 * MIN).isEmpty());
    assertTrue(engine.evaluate(4 * MIN).isEmpty());
    assertEquals(AlertState.FIRING, stateOf(engine, A), "unknown does not resolve");
    put(A, 5, 1);
    assertEquals(List.of(Transition.Kind.RESOLVED), kinds(engine.evaluate(5 * MIN)));
  }

  @Test
  void eachSeriesIsItsOwnInstanceAndAGoneSeriesResolves() {
    AlertEngine engine = engine(rule(Duration.ZERO, Duration.ZERO));
    put(A, 0, 9);
    put(B, 0, 9);
    assertEquals(2, engine.evaluate(0).size());
    put(A, 6, 9); // B's newest point is now 6 minutes old: past the 5-minute lookback
    List<Transition> t = engine.evaluate(6 * MIN);
    assertEquals(1, t.size());
    assertEquals("b", t.get(0).alert().labels().get("store"));
    assertEquals(Transition.Kind.RESOLVED, t.get(0).kind());
    assertEquals(AlertState.FIRING, stateOf(engine, A));
  }

  @Test
  void resolvedAlertsAreReportedForTheRetentionThenForgotten() {
    AlertEngine engine = engine(rule(Duration.ZERO, Duration.ZERO));
    put(A, 0, 9);
    engine.evaluate(0);
    put(A, 1, 1);
    engine.evaluate(MIN);
    put(A, 16, 1);
    engine.evaluate(16 * MIN);
    assertEquals(AlertState.INACTIVE, stateOf(engine, A), "15 minutes after: still reported");
    put(A, 17, 1);
    engine.evaluate(17 * MIN);
    assertTrue(engine.result().alerts().isEmpty());
  }

  @Test
  void aRestartKeepsForProgressAndFiringStateThroughTheDataDir(@TempDir Path dir) throws Exception {
    AlertEngine before = engine(rule(Duration.ofMinutes(3), Duration.ZERO));
    put(A, 0, 9);
    put(B, 0, 9);
    before.evaluate(0);
    put(A, 3, 9);
    put(B, 3, 1);
    before.evaluate(3 * MIN); // A fires; B's pending alert is dropped
    put(B, 4, 9);
    before.evaluate(4 * MIN); // B pending since 4
    assertTrue(before.takeChanged());
    new AlertStateFile(dir).save(before.result().saved());

    AlertEngine after = engine(rule(Duration.ofMinutes(3), Duration.ZERO));
    assertEquals(2, after.restore(new AlertStateFile(dir).load()));
    put(A, 6, 9);
    put(B, 6, 9);
    assertTrue(after.evaluate(6 * MIN).isEmpty(), "A does not fire again; B is not yet due");
    put(A, 7, 1);
    put(B, 7, 9);
    List<Transition> t = after.evaluate(7 * MIN);
    assertEquals(2, t.size());
    for (Transition x : t) {
      if (x.alert().labels().get("store").equals("a")) {
        assertEquals(Transition.Kind.RESOLVED, x.kind());
        assertEquals(3 * MIN, x.alert().firedAtMillis(), "the original start is kept");
      } else {
        assertEquals(Transition.Kind.FIRED, x.kind(), "B's for counted from before the restart");
      }
    }
  }

  @Test
  void aRuleThatAsksForEvidenceIsTakenOnceEachTimeAnInstanceGoesPending() {
    AlertRule base = rule(Duration.ofMinutes(2), Duration.ZERO);
    AlertRule asking =
        new AlertRule(
            base.group(),
            base.name(),
            base.series(),
            base.condition(),
            base.exprSource(),
            base.forDuration(),
            base.keepFiringFor(),
            base.labels(),
            base.annotations(),
            Set.of("threads"),
            base.origin());
    AlertEngine engine = engine(asking);
    double[] values = {9, 9, 1, 9, 9, 9};
    List<Integer> takenAt = new ArrayList<>();
    for (int minute = 0; minute < values.length; minute++) {
      put(A, minute, values[minute]);
      engine.evaluate(minute * MIN);
      for (AlertEngine.WentPending p : engine.takeWentPending()) {
        assertEquals(asking, p.rule());
        assertEquals("a", p.labels().get("store"));
        takenAt.add(minute);
      }
    }
    assertEquals(List.of(0, 3), takenAt, "pending at 0, gone at 2, pending again at 3");

    AlertEngine silent = engine(rule(Duration.ZERO, Duration.ZERO));
    silent.evaluate(6 * MIN);
    assertTrue(silent.takeWentPending().isEmpty(), "a rule without evidence asks nothing");
  }

  @Test
  void aReloadKeepsTheStateOfRulesItStillHas() {
    AlertEngine engine = engine(rule(Duration.ZERO, Duration.ZERO));
    put(A, 0, 9);
    engine.evaluate(0);
    engine.replaceRules(new RuleSet(List.of(), List.of(rule(Duration.ZERO, Duration.ZERO))));
    put(A, 1, 9);
    assertTrue(engine.evaluate(MIN).isEmpty(), "still firing, not fired anew");
    assertEquals(AlertState.FIRING, stateOf(engine, A));
  }

  @Test
  void anUnreadableStateFileStartsAfresh(@TempDir Path dir) throws Exception {
    java.nio.file.Files.writeString(dir.resolve("alerts.json"), "{not json");
    assertTrue(new AlertStateFile(dir).load().isEmpty());
  }

  private static List<Transition.Kind> kinds(List<Transition> t) {
    return t.stream().map(Transition::kind).toList();
  }
}
