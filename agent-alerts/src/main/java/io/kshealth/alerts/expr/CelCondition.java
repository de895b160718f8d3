package io.kshealth.alerts.expr;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import io.kshealth.core.schedule.Deadline;
import java.util.Objects;

/** A compiled boolean expression; failures become UNKNOWN or ERROR outcomes, never exceptions. */
final class CelCondition implements Condition {

  private final CelRuntime.Program program;
  private final String source;

  CelCondition(CelRuntime.Program program, String source) {
    this.program = program;
    this.source = source;
  }

  @Override
  public Outcome evaluate(SeriesScope scope) {
    try {
      return Boolean.TRUE.equals(RuleLanguage.evaluate(program, scope))
          ? Outcome.TRUE
          : Outcome.FALSE;
    } catch (CelEvaluationException | RuntimeException e) {
      return failure(e);
    }
  }

  /**
   * UNKNOWN when data is missing somewhere in the cause chain, else ERROR.
   *
   * @throws Deadline.Passed when that is the cause (CEL wraps what a function throws): the
   *     evaluation stops, it has no outcome
   */
  static Outcome failure(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof Deadline.Passed passed) {
        throw passed;
      }
      if (t instanceof UnknownData unknown) {
        return Outcome.unknown(unknown.getMessage());
      }
    }
    return Outcome.error(Objects.toString(e.getMessage(), e.toString()));
  }

  @Override
  public String toString() {
    return source;
  }
}
