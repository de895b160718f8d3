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
 * resolves, with where it is and its summary, as an operator would read them in Alertmanager; a
 * firing alert's evidence follows it (the stuck thread and its top frames, where the group
 * stopped), once it has been captured.
 */
final class AlertView {

  private final Map<Map<String, String>, String> lastState = new HashMap<>();
  private final Set<String> everFired = new HashSet<>();

  /** The alerts whose evidence has been shown, by labels. */
  private final Set<Map<String, String>> evidenceShown = new HashSet<>();

  /** The lines for what changed since the last call. */
  List<String> next(List<AgentAlert> alerts) {
    List<String> lines = new ArrayList<>();
    // A pending alert whose condition ended is gone from the list: forget it, so that it is
    // reported again when it returns.
    lastState.keySet().retainAll(alerts.stream().map(AgentAlert::labels).toList());
    evidenceShown.retainAll(lastState.keySet());
    for (AgentAlert a : alerts) {
      String before = lastState.put(a.labels(), a.state());
      if (a.state().equals(before) || (before == null && a.state().equals("resolved"))) {
        evidence(a, lines);
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
      evidence(a, lines);
    }
    return lines;
  }

  /** A firing alert's evidence, indented under it, the first time it is there. */
  private void evidence(AgentAlert a, List<String> lines) {
    if (!a.state().equals("firing") || a.evidence().isEmpty() || !evidenceShown.add(a.labels())) {
      return;
    }
    a.evidence()
        .forEach(
            (name, text) ->
                text.lines().forEach(line -> lines.add("      " + name + ": " + line.strip())));
  }

  /** Whether any alert has fired since the demo began, or since {@link #forgetFired}. */
  boolean anyFired() {
    return !everFired.isEmpty();
  }

  /**
   * Forgets what fired so far: from the fault on, only alerts that fire after it count (one that
   * fired before, about the agent or the host, is no answer to the fault).
   */
  void forgetFired() {
    everFired.clear();
  }
}
