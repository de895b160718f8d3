package io.kshealth.alerts.engine;

/** An alert that started firing or resolved at an evaluation: what notifiers hear about. */
public record Transition(Alert alert, Kind kind) {

  public enum Kind {
    FIRED,
    RESOLVED
  }
}
