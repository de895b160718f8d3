package io.kshealth.alerts.expr;

/**
 * Thrown by a function whose data cannot answer yet. It travels through CEL as the cause of an
 * evaluation error, which {@code &&} and {@code ||} absorb when their other side decides.
 */
final class UnknownData extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String reason;

  UnknownData(String reason) {
    super(reason, null, false, false);
    this.reason = reason;
  }

  /** The reason given: never null, unlike a throwable's message in general. */
  @Override
  public String getMessage() {
    return reason;
  }
}
