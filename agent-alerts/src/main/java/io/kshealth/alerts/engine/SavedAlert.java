package io.kshealth.alerts.engine;

import java.util.Map;

/**
 * One alert instance as saved in the data dir, so that a restart neither re-pages nor forgets to
 * resolve, and {@code for} goes on from where it was.
 */
public record SavedAlert(
    String group,
    String rule,
    int ordinal,
    Map<String, String> labels,
    AlertState state,
    double value,
    Map<String, String> annotations,
    long activeAtMillis,
    long firedAtMillis,
    long resolvedAtMillis,
    long keepFiringSinceMillis) {

  public SavedAlert {
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
  }
}
