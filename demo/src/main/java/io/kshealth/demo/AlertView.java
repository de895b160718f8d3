package io.kshealth.demo;

import io.kshealth.demo.driver.AgentAlert;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The agent's alerts as lines of the demo's output: one when an alert turns pending, fires or
 * resolves, with where it is and its summary, as an operator would read them in Alertmanager.
 */
final class AlertView {

  private final Map<Map<String, String>, String> lastState = new HashMap<>();
  private final Set<String> everFired = new HashSet<>();

  /** The lines for what changed since the last call. */
  List<String> next(List<AgentAlert> alerts) {
    List<String> lines = new ArrayList<>();
    // A pending alert whose condition ended is gone from the list: forget it, so that it is
    // reported again when it returns.
    lastState.keySet().retainAll(alerts.stream().map(AgentAlert::labels).toList());
    for (AgentAlert a : alerts) {
      String before = lastState.put(a.labels(), a.state());
      if (a.state().equals(before) || (before == null && a.state().equals("resolved"))) {
        continue;
      }
      if (a.state().equals("firing")) {
        everFired.add(a.name());
      }
      lines.add(
          String.format(
              "alert %-8s %s %s: %s",
              a.state().toUpperCase(java.util.Locale.ROOT),
              a.name(),
              a.where().entrySet().stream()
                  .map(e -> e.getKey() + "=" + e.getValue())
                  .collect(Collectors.joining(",", "{", "}")),
              a.annotations().getOrDefault("summary", "")));
    }
    return lines;
  }

  /** Whether any alert has fired since the demo began. */
  boolean anyFired() {
    return !everFired.isEmpty();
  }
}
