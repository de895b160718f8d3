package io.kshealth.alerts.notify;

import io.kshealth.alerts.api.AlertMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch split by alert name, in order of first appearance: the groups a default Alertmanager
 * route with {@code group_by: [alertname]} would notify separately.
 */
final class AlertGroups {

  private AlertGroups() {}

  static List<List<AlertMessage>> byAlertName(List<AlertMessage> batch) {
    Map<String, List<AlertMessage>> groups = new LinkedHashMap<>();
    for (AlertMessage a : batch) {
      groups.computeIfAbsent(a.alertName(), k -> new ArrayList<>()).add(a);
    }
    return List.copyOf(groups.values());
  }
}
