package io.kshealth.alerts.expr;

import static io.kshealth.alerts.expr.Scopes.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kshealth.api.Labels;
import io.kshealth.core.history.SeriesPoints;
import io.kshealth.core.schedule.Deadline;
import io.kshealth.core.testing.MutableClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Functions over a range and joins check the evaluation's deadline: once it has passed, the
 * evaluation stops with {@link Deadline.Passed} instead of an outcome (CEL wraps what a function
 * throws; the condition and the templates unwrap it).
 */
class DeadlineTest {

  static final RuleLanguage CEL = RuleLanguage.standard();
  static final SeriesPoints POINTS = at(120, 1.0, 60, 2.0, 0, 3.0);

  final MutableClock clock = new MutableClock();
  final Deadline deadline = Deadline.at(clock, clock.millis() + 1000);

  SeriesScope scope(SeriesSource others) {
    return new SeriesScope(
        Scopes.NOW,
        Scopes.LABELS,
        3.0,
        POINTS,
        Scopes.WINDOW,
        Scopes.LOOKBACK,
        Scopes.STEP,
        others,
        deadline);
  }

  @Test
  void aRangeFunctionStopsTheEvaluationOncePassed() throws Exception {
    Condition c = CEL.condition("avg_over_time(history.last(duration('5m'))) > 1.0");
    SeriesScope scope = scope(metric -> Map.of());
    assertEquals(Outcome.TRUE, c.evaluate(scope), "before the deadline");
    clock.advance(Duration.ofSeconds(1));
    assertThrows(Deadline.Passed.class, () -> c.evaluate(scope));
  }

  @Test
  void aJoinStopsTheEvaluationOncePassed() throws Exception {
    Condition c = CEL.condition("join('other') > 1.0");
    SeriesScope scope = scope(metric -> Map.of(Labels.of("device", "nvme1n1"), POINTS));
    assertEquals(Outcome.TRUE, c.evaluate(scope));
    clock.advance(Duration.ofSeconds(2));
    assertThrows(Deadline.Passed.class, () -> c.evaluate(scope));
  }

  @Test
  void aTemplateStopsTooInsteadOfPrintingUnknown() throws Exception {
    Template t = CEL.template("{{ humanize(max_over_time(history)) }}");
    SeriesScope scope = scope(metric -> Map.of());
    assertEquals("3", t.render(scope));
    clock.advance(Duration.ofSeconds(1));
    assertThrows(Deadline.Passed.class, () -> t.render(scope));
  }
}
