package io.kshealth.alerts.expr;

/** An expression or template that does not parse or type-check; the message says where and why. */
public final class ExpressionException extends Exception {
  private static final long serialVersionUID = 1L;

  public ExpressionException(String message) {
    super(message);
  }
}
