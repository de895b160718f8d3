package io.kshealth.core.health;

import java.util.Map;
import java.util.Optional;

/**
 * A pending or firing alert as the verdict cites it. The alerting extension hands these over; core
 * knows nothing else of rules.
 *
 * @param name the alert's name
 * @param group the rule's group: the pack names its groups after the areas
 * @param severity its {@code severity} label, empty if it has none
 * @param firing firing, else pending
 * @param sinceMillis when its condition first held (pending) or when it fired
 * @param labels the alert's labels; an {@code area} label places it in that area
 * @param evidence where it is stuck, when the alert asked for evidence and it was captured: short
 *     texts such as {@code stuck_thread}, {@code stuck_frames}, {@code stopped_at}
 *     (docs/evidence.md); empty otherwise
 */
public record AlertReason(
    String name,
    String group,
    String severity,
    boolean firing,
    String summary,
    String runbookUrl,
    long sinceMillis,
    Map<String, String> labels,
    Map<String, String> evidence) {

  public AlertReason {
    labels = Map.copyOf(labels);
    evidence = Map.copyOf(evidence);
  }

  /** An alert without evidence. */
  public AlertReason(
      String name,
      String group,
      String severity,
      boolean firing,
      String summary,
      String runbookUrl,
      long sinceMillis,
      Map<String, String> labels) {
    this(name, group, severity, firing, summary, runbookUrl, sinceMillis, labels, Map.of());
  }

  /** Its {@code area} label when that names an area, else its group's name when that does. */
  public Optional<Area> area() {
    String label = labels.get("area");
    return label != null ? Area.named(label) : Area.named(group);
  }

  /**
   * The level it sets while firing: {@code critical} and {@code warning} severities their own, any
   * other severity (such as {@code info}) none, so it is cited without changing the verdict.
   */
  public Level level() {
    if (!firing) {
      return Level.OK;
    }
    return switch (severity) {
      case "critical" -> Level.CRITICAL;
      case "warning" -> Level.WARNING;
      default -> Level.OK;
    };
  }
}
