package io.kshealth.demo;

import io.kshealth.demo.driver.AgentProcess;
import io.kshealth.demo.driver.Series;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The agent's verdict and the app's two probes as a line of the demo's output, printed when the
 * overall verdict, an area's level or a probe's status changes: what a kubelet and a person asking
 * "is this instance healthy?" would get.
 */
final class HealthView {

  private String lastKey = "";

  /** The line to print now, or empty. */
  Optional<String> next(List<Series> metrics, AgentProcess.Answer ready, AgentProcess.Answer live) {
    Optional<String> overall = level(metrics, "overall");
    if (overall.isEmpty() || ready.status() < 0 || live.status() < 0) {
      return Optional.empty();
    }
    List<String> areas = new ArrayList<>();
    for (Series s : metrics) {
      String area = s.labels().get("area");
      String level = s.labels().get("level");
      if (s.name().equals("kshealth_health_status")
          && s.value() == 1.0
          && !"overall".equals(area)
          && !"ok".equals(level)
          && !"not_applicable".equals(level)) {
        areas.add(area + " " + level);
      }
    }
    String key = overall.get() + areas + ready.status() + live.status();
    if (key.equals(lastKey)) {
      return Optional.empty();
    }
    lastKey = key;
    return Optional.of(
        "health   "
            + overall.get()
            + (areas.isEmpty() ? "" : " (" + String.join(", ", areas) + ")")
            + "; /probe/app/ready "
            + ready.status()
            + " ("
            + ready.body()
            + "); /probe/app/live "
            + live.status()
            + " ("
            + live.body()
            + ")");
  }

  private static Optional<String> level(List<Series> metrics, String area) {
    return metrics.stream()
        .filter(s -> s.name().equals("kshealth_health_status") && s.value() == 1.0)
        .filter(s -> area.equals(s.labels().get("area")))
        .map(s -> s.labels().get("level"))
        .findFirst();
  }
}
