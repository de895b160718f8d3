package io.kshealth.core.probe;

/** A probe's answer: its HTTP status and one line saying why. */
public record ProbeAnswer(int status, String reason) {

  static ProbeAnswer pass(String reason) {
    return new ProbeAnswer(200, reason);
  }

  static ProbeAnswer fail(String reason) {
    return new ProbeAnswer(503, reason);
  }

  public boolean passes() {
    return status == 200;
  }
}
