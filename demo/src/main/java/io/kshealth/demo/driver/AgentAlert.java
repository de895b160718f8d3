package io.kshealth.demo.driver;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One alert as the agent's {@code GET /api/v1/alerts} shows it.
 *
 * @param state {@code pending}, {@code firing} or {@code resolved}
 * @param activeAt when it went pending (ISO-8601), null if never
 * @param firedAt when it started firing, null if never
 * @param resolvedAt when it resolved, null if not
 * @param evidence the annotations of the evidence captured for it ({@code stuck_thread}, {@code
 *     stuck_frames}, {@code stopped_at}), empty when none was
 */
public record AgentAlert(
    Map<String, String> labels,
    Map<String, String> annotations,
    String state,
    String activeAt,
    String firedAt,
    String resolvedAt,
    Map<String, String> evidence) {

  public String name() {
    return labels.get("alertname");
  }

  /** The labels but {@code alertname} and {@code severity}: where the alert is. */
  public Map<String, String> where() {
    Map<String, String> where = new TreeMap<>(labels);
    where.remove("alertname");
    where.remove("severity");
    return where;
  }

  /** Parses the endpoint's answer. */
  public static List<AgentAlert> parse(String body) throws IOException {
    Map<String, Object> root = JSON.std.mapFrom(body);
    List<AgentAlert> alerts = new ArrayList<>();
    for (Object item : (List<?>) ((Map<?, ?>) root.get("data")).get("alerts")) {
      Map<?, ?> a = (Map<?, ?>) item;
      alerts.add(
          new AgentAlert(
              strings(a.get("labels")),
              strings(a.get("annotations")),
              (String) a.get("state"),
              (String) a.get("activeAt"),
              (String) a.get("firedAt"),
              (String) a.get("resolvedAt"),
              evidence(a.get("evidence"))));
    }
    return alerts;
  }

  /** Every capture's annotations, in the order captured. */
  private static Map<String, String> evidence(Object captures) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    if (captures instanceof List<?> list) {
      for (Object capture : list) {
        out.putAll(strings(((Map<?, ?>) capture).get("annotations")));
      }
    }
    return out;
  }

  private static Map<String, String> strings(Object map) {
    Map<String, String> out = new TreeMap<>();
    ((Map<?, ?>) map).forEach((k, v) -> out.put((String) k, (String) v));
    return out;
  }
}
