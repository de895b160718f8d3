package io.kshealth.alerts.engine;

/** Where an alert instance is in Prometheus' state machine. */
public enum AlertState {
  INACTIVE,
  PENDING,
  FIRING
}
