package io.kshealth.alerts.expr;

/**
 * A condition's result for one series. UNKNOWN: the data cannot answer yet (too little history, a
 * joined series missing); ERROR: the expression failed in a way data will not fix (a label the
 * series lacks), which is logged and counted. Neither fires nor resolves an alert.
 */
public record Outcome(Verdict verdict, String reason) {

  public enum Verdict {
    TRUE,
    FALSE,
    UNKNOWN,
    ERROR
  }

  public static final Outcome TRUE = new Outcome(Verdict.TRUE, "");
  public static final Outcome FALSE = new Outcome(Verdict.FALSE, "");

  public static Outcome unknown(String reason) {
    return new Outcome(Verdict.UNKNOWN, reason);
  }

  public static Outcome error(String reason) {
    return new Outcome(Verdict.ERROR, reason);
  }
}
