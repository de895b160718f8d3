package io.kshealth.alerts.notify;

import io.kshealth.core.config.ConfigNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One configured notifier ({@code alerting.notifiers.<name>}), checked at load: a missing or
 * malformed URL is a config error, not a surprise when the first alert fires.
 */
public record NotifierSettings(
    String name,
    Type type,
    List<URI> urls,
    Duration timeout,
    Optional<String> bearerToken,
    int maxAlerts) {

  /** The kinds of receiver. */
  public enum Type {
    LOG,
    WEBHOOK,
    ALERTMANAGER,
    SLACK
  }

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public NotifierSettings {
    urls = List.copyOf(urls);
  }

  /** Reads the map of named notifiers; problems go to the config's error list. */
  public static List<NotifierSettings> parse(ConfigNode notifiers) {
    List<NotifierSettings> all = new ArrayList<>();
    for (Map.Entry<String, ConfigNode> e : notifiers.children().entrySet()) {
      String name = e.getKey();
      ConfigNode node = e.getValue();
      if (!NAME.matcher(name).matches()) {
        notifiers.errorAtKey(
            name, "notifier name '" + name + "' must be lower-case letters, digits and dashes");
      }
      if (!node.has("type")) {
        node.error("type", "missing 'type': one of log, webhook, alertmanager, slack");
        node.finish();
        continue;
      }
      Type type = node.choice("type", Type.LOG);
      List<URI> urls = new ArrayList<>();
      Optional<String> token = Optional.empty();
      int maxAlerts = 0;
      switch (type) {
        case ALERTMANAGER:
          List<String> texts = node.strings("urls");
          if (texts.isEmpty()) {
            node.error(
                "urls", "missing 'urls': the Alertmanager replicas, such as [http://am:9093]");
          }
          for (String text : texts) {
            uri(node, "urls", text, false).ifPresent(urls::add);
          }
          break;
        case WEBHOOK:
        case SLACK:
          String text = node.string("url", null);
          if (text == null) {
            node.error("url", "missing 'url': where to POST the alerts");
          } else {
            uri(node, "url", text, true).ifPresent(urls::add);
          }
          if (type == Type.WEBHOOK) {
            token = Optional.ofNullable(node.string("bearer-token", null));
            maxAlerts = node.integer("max-alerts", 0, 0, 100_000);
          }
          break;
        default:
          break;
      }
      Duration timeout = node.duration("timeout", DEFAULT_TIMEOUT);
      node.finish();
      all.add(new NotifierSettings(name, type, urls, timeout, token, maxAlerts));
    }
    return all;
  }

  private static Optional<URI> uri(ConfigNode node, String key, String text, boolean secret) {
    String shown = secret ? "a URL" : "'" + text + "'";
    try {
      URI uri = new URI(text);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        node.error(key, shown + " is not an absolute http:// or https:// URL");
        return Optional.empty();
      }
      return Optional.of(uri);
    } catch (URISyntaxException e) {
      node.error(key, shown + " is not a valid URL: " + e.getReason());
      return Optional.empty();
    }
  }

  /**
   * The notifiers to deliver to: one per Alertmanager replica (each must get every alert, each with
   * its own queue), else one.
   */
  public List<Notifier> create(String externalUrl, Duration alertmanagerValidFor, Clock clock) {
    switch (type) {
      case ALERTMANAGER:
        List<Notifier> replicas = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
          String replica = urls.size() == 1 ? name : name + "-" + (i + 1);
          replicas.add(
              new AlertmanagerNotifier(replica, urls.get(i), timeout, alertmanagerValidFor, clock));
        }
        return replicas;
      case WEBHOOK:
        return List.of(
            new WebhookNotifier(name, urls.get(0), timeout, bearerToken, maxAlerts, externalUrl));
      case SLACK:
        return List.of(new SlackNotifier(name, urls.get(0), timeout));
      default:
        return List.of(new LogNotifier(name));
    }
  }

  /** For logs and status: no secret shown. */
  public String describe() {
    List<String> shown = new ArrayList<>();
    for (URI u : urls) {
      shown.add(type == Type.ALERTMANAGER ? UrlMask.plain(u) : UrlMask.secret(u));
    }
    return name
        + " ("
        + ConfigNode.spelling(type)
        + (shown.isEmpty() ? "" : " " + String.join(", ", shown))
        + ")";
  }
}
