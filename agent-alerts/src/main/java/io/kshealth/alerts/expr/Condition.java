package io.kshealth.alerts.expr;

/** A rule's compiled, type-checked boolean expression. Evaluating it never throws. */
public interface Condition {

  Outcome evaluate(SeriesScope scope);
}
