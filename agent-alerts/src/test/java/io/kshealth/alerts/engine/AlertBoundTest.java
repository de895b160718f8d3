package io.kshealth.alerts.engine;

import static io.kshealth.alerts.engine.EngineDeadlineTest.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.alerts.expr.SeriesSource;
import io.kshealth.alerts.rules.AlertRule;
import io.kshealth.alerts.rules.RuleSet;
import io.kshealth.api.Labels;
import io.kshealth.core.history.SeriesPoints;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code alerting.max-alerts}: a hostile number of series whose condition holds makes no more
 * instances than the bound (and each rule's first); the rest are counted, and room comes back as
 * instances go.
 */
class AlertBoundTest {

  static final long MIN = 60_000;
  static final int MAX_ALERTS = 10;
  static final int SERIES = 100_000;

  /** Series of {@code m}, each with one point at {@link #at}. */
  final Map<Labels, Double> values = new HashMap<>();

  long at;

  final SeriesSource source =
      name -> {
        Map<Labels, SeriesPoints> out = new HashMap<>();
        if (name.equals("m")) {
          values.forEach(
              (labels, v) -> out.put(labels, new SeriesPoints(new long[] {at}, new double[] {v})));
        }
        return out;
      };

  void all(int series, double value) {
    for (int i = 0; i < series; i++) {
      values.put(Labels.of("partition", Integer.toString(i)), value);
    }
  }

  AlertEngine bounded(AlertRule... rules) {
    EngineSettings d = EngineSettings.DEFAULT;
    return new AlertEngine(
        new RuleSet(List.of(), List.of(rules)),
        source,
        new EngineSettings(
            d.lookback(),
            d.historyWindow(),
            d.resolvedRetention(),
            d.evaluationInterval(),
            MAX_ALERTS));
  }

  @Test
  void aHugeGroupMakesNoMoreAlertsThanTheBoundAndCountsTheRest() {
    all(SERIES, 9);
    AlertEngine engine = bounded(rule("High", "m"), rule("Other", "n"));

    List<Transition> fired = engine.evaluate(at);
    at = MIN;
    engine.evaluate(at);

    assertEquals(MAX_ALERTS, fired.size());
    assertEquals(MAX_ALERTS, engine.result().alerts().size());
    RuleHealth high = engine.result().health().get(0);
    // Every series beyond the bound, at both evaluations.
    assertEquals(2L * (SERIES - MAX_ALERTS), high.alertsDroppedTotal());
    assertTrue(
        high.lastError().startsWith("alerting.max-alerts (10) alerts held"), high::lastError);
  }

  @Test
  void everyRuleKeepsRoomForItsFirstAlertAndRoomComesBackAsAlertsGo() {
    all(2 * MAX_ALERTS, 9);
    // The second rule reads the same series: the first fills the bound, the second gets one.
    AlertEngine engine = bounded(rule("High", "m"), rule("AlsoHigh", "m"));

    engine.evaluate(at);
    assertEquals(MAX_ALERTS + 1, engine.result().alerts().size());
    assertEquals(2 * MAX_ALERTS - 1, engine.result().health().get(1).alertsDroppedTotal());

    // All resolve, and are forgotten after the resolved retention: the bound is free again.
    all(2 * MAX_ALERTS, 1);
    at = MIN;
    engine.evaluate(at);
    at += EngineSettings.DEFAULT.resolvedRetention().toMillis() + 1;
    engine.evaluate(at);
    assertEquals(0, engine.result().alerts().size());
    all(2 * MAX_ALERTS, 9);
    at += MIN;
    engine.evaluate(at);
    assertEquals(MAX_ALERTS + 1, engine.result().alerts().size());
  }
}
