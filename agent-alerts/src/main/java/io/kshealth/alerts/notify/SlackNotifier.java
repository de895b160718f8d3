package io.kshealth.alerts.notify;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A Slack incoming webhook: one readable message per alert name when alerts fire or resolve. */
final class SlackNotifier implements Notifier {

  private final String name;
  private final URI url;
  private final HttpPost post;

  SlackNotifier(String name, URI url, Duration timeout) {
    this.name = name;
    this.url = url;
    this.post = new HttpPost(timeout, describe());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String describe() {
    return "slack " + UrlMask.secret(url);
  }

  @Override
  public boolean resendsActive() {
    return false;
  }

  @Override
  public void send(List<AlertMessage> batch) throws IOException {
    for (List<AlertMessage> group : WebhookNotifier.byAlertName(batch).values()) {
      StringBuilder text = new StringBuilder();
      for (AlertMessage a : group) {
        if (text.length() > 0) {
          text.append("\n\n");
        }
        text.append(message(a));
      }
      post.send(url, JSON.std.asString(Map.of("text", text.toString())), Optional.empty());
    }
  }

  static String message(AlertMessage a) {
    Map<String, String> labels = new TreeMap<>(a.labels());
    String severity = labels.remove("severity");
    labels.remove("alertname");
    StringBuilder m = new StringBuilder();
    if (a.firing()) {
      m.append(":fire: *FIRING* `").append(escape(a.alertName())).append('`');
    } else {
      Duration lasted = Duration.between(a.startsAt(), a.endedAt().orElseThrow());
      m.append(":white_check_mark: *RESOLVED* `")
          .append(escape(a.alertName()))
          .append("` after ")
          .append(lasted(lasted));
    }
    if (severity != null) {
      m.append(" · ").append(escape(severity));
    }
    annotation(m, a, "summary");
    annotation(m, a, "description");
    if (!labels.isEmpty()) {
      m.append('\n');
      labels.forEach((k, v) -> m.append(escape(k)).append('=').append(escape(v)).append("  "));
      m.setLength(m.length() - 2);
    }
    String runbook = a.annotations().get("runbook_url");
    if (runbook != null) {
      m.append("\n<").append(escape(runbook)).append("|runbook>");
    }
    return m.toString();
  }

  private static void annotation(StringBuilder m, AlertMessage a, String key) {
    String value = a.annotations().get(key);
    if (value != null && !value.isBlank()) {
      m.append('\n').append(escape(value));
    }
  }

  /** "40s", "23m", "1h 5m", "2d 3h": enough to read at a glance. */
  static String lasted(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return s / 60 + "m";
    }
    if (s < 86400) {
      return s / 3600 + "h " + s % 3600 / 60 + "m";
    }
    return s / 86400 + "d " + s % 86400 / 3600 + "h";
  }

  /** Slack's three control characters in message text. */
  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
