package io.kshealth.alerts.notify;

import com.fasterxml.jackson.jr.ob.JSON;
import io.kshealth.alerts.api.AlertMessage;
import io.kshealth.alerts.api.Notifier;
import io.kshealth.core.text.Redact;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Slack incoming webhook: one readable message per alert name when alerts fire or resolve, each
 * alert as a headline, its summary and description, its labels and a link to its runbook.
 */
final class SlackNotifier implements Notifier {

  /** Beyond this a message gets long to read (and near Slack's size limit); the rest is counted. */
  static final int MAX_ALERTS_PER_MESSAGE = 20;

  private final String name;
  private final URI url;
  private final String http;
  private final HttpPost post;

  SlackNotifier(String name, URI url, HttpOptions options) {
    this.name = name;
    this.url = url;
    this.http = options.describe();
    this.post = new HttpPost(url, options, describe());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String describe() {
    return "slack " + Redact.webhookUrl(url) + (http.isEmpty() ? "" : " (" + http + ")");
  }

  @Override
  public boolean resendsActive() {
    return false;
  }

  @Override
  public void send(List<AlertMessage> batch) throws IOException {
    for (List<AlertMessage> group : AlertGroups.byAlertName(batch)) {
      post.send(JSON.std.asString(Map.of("text", text(group))));
    }
  }

  private static String text(List<AlertMessage> group) {
    List<String> parts = new ArrayList<>();
    for (AlertMessage a : group.subList(0, Math.min(group.size(), MAX_ALERTS_PER_MESSAGE))) {
      parts.add(alert(a));
    }
    if (group.size() > MAX_ALERTS_PER_MESSAGE) {
      parts.add("_…and " + (group.size() - MAX_ALERTS_PER_MESSAGE) + " more_");
    }
    return String.join("\n\n", parts);
  }

  private static String alert(AlertMessage a) {
    Map<String, String> labels = new TreeMap<>(a.labels());
    labels.remove("alertname");
    String severity = labels.remove("severity");
    StringBuilder m = new StringBuilder();
    if (a.firing()) {
      m.append(":fire: *FIRING* `").append(escape(a.alertName())).append('`');
    } else {
      m.append(":white_check_mark: *RESOLVED* `")
          .append(escape(a.alertName()))
          .append("` after ")
          .append(lasted(Duration.between(a.startsAt(), a.endedAt().orElseThrow())));
    }
    if (severity != null) {
      m.append(" · ").append(escape(severity));
    }
    for (String key : List.of("summary", "description")) {
      String text = a.annotations().getOrDefault(key, "");
      if (!text.isBlank()) {
        m.append('\n').append(escape(text.strip()));
      }
    }
    if (!labels.isEmpty()) {
      List<String> pairs = new ArrayList<>();
      labels.forEach((k, v) -> pairs.add("`" + escape(k) + "=" + escape(v) + "`"));
      m.append('\n').append(String.join(" ", pairs));
    }
    String runbook = a.annotations().get("runbook_url");
    if (runbook != null && !runbook.isBlank()) {
      // A '|' would end the link's address early.
      m.append("\n<").append(escape(runbook.strip()).replace("|", "%7C")).append("|runbook>");
    }
    return m.toString();
  }

  /** "40s", "23m", "1h 5m", "2d 3h": how long an alert fired, to read at a glance. */
  static String lasted(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return s / 60 + "m";
    }
    if (s < 86400) {
      return units(s / 3600, "h", s % 3600 / 60, "m");
    }
    return units(s / 86400, "d", s % 86400 / 3600, "h");
  }

  private static String units(long major, String majorUnit, long minor, String minorUnit) {
    return major + majorUnit + (minor == 0 ? "" : " " + minor + minorUnit);
  }

  /** Slack's three control characters, which its message text must carry escaped. */
  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
