package io.kshealth.alerts.notify;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A generic webhook that receives Alertmanager's webhook payload (version "4"), one message per
 * alert name, as an Alertmanager route grouped by {@code alertname} would send it, so receivers
 * written for Alertmanager work unchanged.
 */
final class WebhookNotifier implements Notifier {

  private final String name;
  private final URI url;
  private final HttpPost post;
  private final Optional<String> bearerToken;
  private final int maxAlerts;
  private final String externalUrl;

  WebhookNotifier(
      String name,
      URI url,
      Duration timeout,
      Optional<String> bearerToken,
      int maxAlerts,
      String externalUrl) {
    this.name = name;
    this.url = url;
    this.bearerToken = bearerToken;
    this.post = new HttpPost(timeout, describe());
    this.maxAlerts = maxAlerts;
    this.externalUrl = externalUrl;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String describe() {
    return "webhook " + UrlMask.secret(url) + (bearerToken.isPresent() ? " (bearer ****)" : "");
  }

  @Override
  public boolean resendsActive() {
    return false;
  }

  @Override
  public void send(List<AlertMessage> batch) throws IOException {
    for (List<AlertMessage> group : byAlertName(batch).values()) {
      post.send(url, JSON.std.asString(payload(group)), bearerToken);
    }
  }

  static Map<String, List<AlertMessage>> byAlertName(List<AlertMessage> batch) {
    Map<String, List<AlertMessage>> groups = new LinkedHashMap<>();
    for (AlertMessage a : batch) {
      groups.computeIfAbsent(a.alertName(), k -> new ArrayList<>()).add(a);
    }
    return groups;
  }

  private Map<String, Object> payload(List<AlertMessage> group) {
    String alertName = group.get(0).alertName();
    int shown = maxAlerts > 0 ? Math.min(maxAlerts, group.size()) : group.size();
    List<Map<String, Object>> alerts = new ArrayList<>();
    for (AlertMessage a : group.subList(0, shown)) {
      alerts.add(AlertJson.webhook(a));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", "4");
    m.put("groupKey", "{}:{alertname=\"" + alertName + "\"}");
    m.put("truncatedAlerts", group.size() - shown);
    m.put("status", group.stream().anyMatch(AlertMessage::firing) ? "firing" : "resolved");
    m.put("receiver", name);
    m.put("groupLabels", Map.of("alertname", alertName));
    m.put("commonLabels", common(group, AlertMessage::labels));
    m.put("commonAnnotations", common(group, AlertMessage::annotations));
    m.put("externalURL", externalUrl);
    m.put("alerts", alerts);
    return m;
  }

  /** The pairs every alert of the group has, with equal values. */
  private static Map<String, String> common(
      List<AlertMessage> group, Function<AlertMessage, Map<String, String>> field) {
    Map<String, String> common = new HashMap<>(field.apply(group.get(0)));
    for (AlertMessage a : group) {
      common.entrySet().removeIf(e -> !e.getValue().equals(field.apply(a).get(e.getKey())));
    }
    return new TreeMap<>(common);
  }
}
