package io.kshealth.alerts.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kshealth.core.history.SeriesPoints;
import io.kshealth.core.schedule.Deadline;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * An aggregated series' {@code history} is a subquery, computed only when an expression reads it;
 * the evaluation deadline passing while it is computed stops the evaluation, as in any function.
 */
class LazyHistoryTest {

  final RuleLanguage language = RuleLanguage.standard();
  final AtomicInteger computed = new AtomicInteger();

  SeriesScope scope(Supplier<SeriesPoints> history) {
    return new SeriesScope(
        Scopes.NOW,
        Scopes.LABELS,
        5.0,
        () -> {
          computed.incrementAndGet();
          return history.get();
        },
        Scopes.WINDOW,
        Scopes.LOOKBACK,
        Scopes.STEP,
        metric -> Map.of(),
        Deadline.NONE);
  }

  @Test
  void anExpressionThatDoesNotReadHistoryDoesNotComputeIt() throws Exception {
    SeriesScope scope = scope(() -> Scopes.at(60, 1.0));
    assertEquals(
        Outcome.TRUE, language.condition("value > 1.0 && labels.device != ''").evaluate(scope));
    assertEquals("5", language.template("{{ value }}").render(scope));
    assertEquals(0, computed.get());
    assertEquals(
        Outcome.TRUE, language.condition("max_over_time(history) < value").evaluate(scope));
    assertEquals(1, computed.get());
  }

  @Test
  void theDeadlinePassingWhileHistoryIsComputedStopsTheEvaluation() throws Exception {
    SeriesScope scope =
        scope(
            () -> {
              throw new Deadline.Passed();
            });
    assertThrows(
        Deadline.Passed.class,
        () -> language.condition("max_over_time(history) > 1.0").evaluate(scope));
    assertThrows(
        Deadline.Passed.class,
        () -> language.template("{{ max_over_time(history) }}").render(scope));
  }
}
