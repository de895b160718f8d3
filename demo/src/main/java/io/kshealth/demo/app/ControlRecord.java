package io.kshealth.demo.app;

import java.util.Optional;

/**
 * A fault switch sent through the events topic. It names the run it is meant for, so a fresh app
 * instance replaying the topic (a new run id) ignores it, while the same instance re-processing it
 * after a rebalance (the slow-record storm) acts on it again.
 */
public record ControlRecord(Fault fault, String runId) {

  /** The key of every control record; no user id starts with '!'. */
  public static final String KEY = "!kshealth-fault";

  public ControlRecord {
    if (!fault.isControlRecord()) {
      throw new IllegalArgumentException(fault.id() + " is not sent as a control record");
    }
  }

  public String value() {
    return fault.id() + " " + runId;
  }

  /** The control record in an event, or empty for an ordinary event. */
  public static Optional<ControlRecord> parse(String key, String value) {
    if (!KEY.equals(key) || value == null) {
      return Optional.empty();
    }
    String[] parts = value.split(" ", 2);
    if (parts.length != 2) {
      throw new IllegalArgumentException("malformed control record value '" + value + "'");
    }
    return Optional.of(new ControlRecord(Fault.of(parts[0]), parts[1]));
  }
}
