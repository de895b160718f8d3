package io.kshealth.alerts.notify;

import com.fasterxml.jackson.jr.ob.JSON;
import io.kshealth.alerts.api.AlertMessage;
import io.kshealth.alerts.api.Notifier;
import io.kshealth.core.text.Redact;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A generic webhook that receives Alertmanager's webhook payload, version "4", one message per
 * alert name, as a default Alertmanager route grouped by {@code alertname} would send it: receivers
 * written for Alertmanager work unchanged.
 */
final class WebhookNotifier implements Notifier {

  private final String name;
  private final URI url;
  private final String auth;
  private final int maxAlerts;
  private final String externalUrl;
  private final HttpPost post;

  /**
   * @param maxAlerts how many alerts a message carries at most, the rest only counted in {@code
   *     truncatedAlerts}; 0 for no limit
   * @param externalUrl the agent's URL, where the receiver can link to
   */
  WebhookNotifier(String name, URI url, HttpOptions options, int maxAlerts, String externalUrl) {
    this.name = name;
    this.url = url;
    this.auth = options.describe();
    this.maxAlerts = maxAlerts;
    this.externalUrl = externalUrl;
    this.post = new HttpPost(url, options, describe());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String describe() {
    return "webhook " + Redact.webhookUrl(url) + (auth.isEmpty() ? "" : " (" + auth + ")");
  }

  @Override
  public boolean resendsActive() {
    return false;
  }

  @Override
  public void send(List<AlertMessage> batch) throws IOException {
    for (List<AlertMessage> group : AlertGroups.byAlertName(batch)) {
      post.send(JSON.std.asString(payload(group)));
    }
  }

  /** Like Alertmanager, status and common labels are those of the alerts sent, not the cut. */
  private Map<String, Object> payload(List<AlertMessage> group) {
    List<AlertMessage> sent =
        maxAlerts > 0 && group.size() > maxAlerts ? group.subList(0, maxAlerts) : group;
    String alertName = group.get(0).alertName();
    List<Map<String, Object>> alerts = new ArrayList<>();
    for (AlertMessage a : sent) {
      alerts.add(AlertJson.webhook(a));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("receiver", name);
    m.put("status", sent.stream().anyMatch(AlertMessage::firing) ? "firing" : "resolved");
    m.put("alerts", alerts);
    m.put("groupLabels", Map.of("alertname", alertName));
    m.put("commonLabels", common(sent, AlertMessage::labels));
    m.put("commonAnnotations", common(sent, AlertMessage::annotations));
    m.put("externalURL", externalUrl);
    m.put("version", "4");
    m.put("groupKey", "{}:{alertname=" + goQuoted(alertName) + "}");
    m.put("truncatedAlerts", group.size() - sent.size());
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

  /** A label value as Go's {@code %q} writes it in a group key, for the characters names hold. */
  private static String goQuoted(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
