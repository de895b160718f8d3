package io.kshealth.core.health;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The verdict as the tree of plain values {@code /api/v1/health} writes as JSON. */
public final class HealthJson {

  private HealthJson() {}

  public static Map<String, @Nullable Object> tree(HealthVerdict verdict) {
    Map<String, @Nullable Object> root = new LinkedHashMap<>();
    root.put("status", verdict.overall().label());
    root.put("at", Instant.ofEpochMilli(verdict.atMillis()).toString());
    Map<String, @Nullable Object> areas = new LinkedHashMap<>();
    for (AreaVerdict area : verdict.areas()) {
      Map<String, @Nullable Object> a = new LinkedHashMap<>();
      a.put("status", area.level().label());
      a.put("reasons", area.reasons());
      a.put("alerts", alerts(area.alerts()));
      a.put("facts", area.facts());
      areas.put(area.area().label(), a);
    }
    root.put("areas", areas);
    root.put("unplaced_alerts", alerts(verdict.unplaced()));
    return root;
  }

  private static List<Map<String, @Nullable Object>> alerts(List<AlertReason> alerts) {
    List<Map<String, @Nullable Object>> list = new ArrayList<>();
    for (AlertReason alert : alerts) {
      Map<String, @Nullable Object> a = new LinkedHashMap<>();
      a.put("name", alert.name());
      a.put("severity", alert.severity());
      a.put("state", alert.firing() ? "firing" : "pending");
      a.put("summary", alert.summary());
      a.put("runbook_url", alert.runbookUrl());
      a.put("since", Instant.ofEpochMilli(alert.sinceMillis()).toString());
      a.put("labels", new java.util.TreeMap<>(alert.labels()));
      if (!alert.evidence().isEmpty()) {
        // Where it is stuck, as captured when the alert went pending (docs/evidence.md).
        a.put("evidence", new java.util.TreeMap<>(alert.evidence()));
      }
      list.add(a);
    }
    return list;
  }
}
