package io.kshealth.demo.driver;

import java.time.Instant;
import java.util.Map;

/** One event the sample app reported on stdout, with the app's own timestamp. */
public record AppEvent(String event, Map<String, String> fields, Instant at) {

  public String get(String field) {
    return fields.get(field);
  }

  /** A state transition to {@code state}. */
  public boolean isStateChangeTo(String state) {
    return event.equals("state") && state.equals(fields.get("to"));
  }
}
