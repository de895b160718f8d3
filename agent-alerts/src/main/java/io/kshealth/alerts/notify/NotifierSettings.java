package io.kshealth.alerts.notify;

import io.kshealth.core.config.ConfigNode;
import io.kshealth.core.text.Redact;
import io.kshealth.core.tls.ClientTls;
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
 * malformed URL is a config error, not a surprise when the first alert fires. Its {@link
 * #toString()} is {@link #describe()}, so that logging it shows no secret.
 *
 * @param urls the receiver's URL; one per replica for Alertmanager; none for the log
 * @param http timeout, credentials and TLS of the HTTP notifiers
 * @param maxAlerts the webhook's limit of alerts per message; 0 for none
 */
public record NotifierSettings(
    String name, Type type, List<URI> urls, HttpOptions http, int maxAlerts) {

  /** The kinds of receiver, spelled in the config as {@link ConfigNode#spelling} writes them. */
  public enum Type {
    LOG,
    WEBHOOK,
    ALERTMANAGER,
    SLACK
  }

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
  private static final int MAX_ALERTS_LIMIT = 1_000_000;

  public NotifierSettings {
    urls = List.copyOf(urls);
    boolean needsUrl = type != Type.LOG;
    if (needsUrl == urls.isEmpty() || (type != Type.ALERTMANAGER && urls.size() > 1)) {
      throw new IllegalArgumentException(
          ConfigNode.spelling(type) + " notifier with " + urls.size() + " URLs");
    }
  }

  /** Reads the map of named notifiers; every problem goes to the config's error list. */
  public static List<NotifierSettings> parse(ConfigNode notifiers) {
    List<NotifierSettings> all = new ArrayList<>();
    for (Map.Entry<String, ConfigNode> e : notifiers.children().entrySet()) {
      String name = e.getKey();
      if (!NAME.matcher(name).matches()) {
        notifiers.errorAtKey(
            name, "notifier name '" + name + "' must be lower-case letters, digits and dashes");
      }
      notifier(name, e.getValue()).ifPresent(all::add);
    }
    return all;
  }

  private static Optional<NotifierSettings> notifier(String name, ConfigNode node) {
    String typeName = node.string("type", null);
    Optional<Type> type = typeName == null ? Optional.empty() : typeNamed(typeName);
    if (type.isEmpty()) {
      String problem =
          typeName == null ? "missing 'type'" : "unknown notifier type '" + typeName + "'";
      node.error("type", problem + "; known types: " + knownTypes());
      // Only a known type knows its keys; for an unknown one, the type is the one error.
      return Optional.empty();
    }
    List<URI> urls = new ArrayList<>();
    HttpOptions http = HttpOptions.plain(DEFAULT_TIMEOUT);
    int maxAlerts = 0;
    boolean valid = true;
    if (type.get() == Type.ALERTMANAGER) {
      valid = replicas(node, urls);
    } else if (type.get() != Type.LOG) {
      valid = url(node, urls);
    }
    if (type.get() != Type.LOG) {
      http =
          new HttpOptions(
              node.duration("timeout", DEFAULT_TIMEOUT),
              Credentials.parse(node, urls),
              ClientTls.parse(node.map("tls")));
    }
    if (type.get() == Type.WEBHOOK) {
      maxAlerts = node.integer("max-alerts", 0, 0, MAX_ALERTS_LIMIT);
    }
    node.finish();
    return valid
        ? Optional.of(new NotifierSettings(name, type.get(), urls, http, maxAlerts))
        : Optional.empty();
  }

  /** The webhook's or Slack's one URL, which carries a secret in its path. */
  private static boolean url(ConfigNode node, List<URI> urls) {
    String text = node.string("url", null);
    if (text == null) {
      node.error("url", "missing 'url': where to POST the alerts");
      return false;
    }
    return uri(node, "url", text, true).map(urls::add).orElse(false);
  }

  /** Alertmanager's replicas: each gets every alert, as Prometheus sends to each. */
  private static boolean replicas(ConfigNode node, List<URI> urls) {
    if (!node.has("urls")) {
      node.error("urls", "missing 'urls': one URL per Alertmanager replica");
      return false;
    }
    List<String> texts = node.strings("urls");
    boolean valid = !texts.isEmpty();
    if (!valid) {
      node.error("urls", "needs at least one Alertmanager URL, such as http://alertmanager:9093");
    }
    for (String text : texts) {
      Optional<URI> uri = uri(node, "urls", text, false);
      if (uri.isPresent() && urls.contains(uri.get())) {
        node.error("urls", "'" + Redact.url(uri.get()) + "' is listed twice");
        valid = false;
      } else if (uri.isPresent()) {
        urls.add(uri.get());
      } else {
        valid = false;
      }
    }
    return valid;
  }

  /**
   * An absolute http or https URL. A message names it only masked, and not at all when it does not
   * parse (there is no telling where its secret sits); the error's position points at it anyway.
   */
  private static Optional<URI> uri(ConfigNode node, String key, String text, boolean secretPath) {
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (URISyntaxException e) {
      node.error(key, "invalid URL: " + e.getReason() + " at index " + e.getIndex());
      return Optional.empty();
    }
    boolean http =
        "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
    if (!http || uri.getHost() == null) {
      String shown =
          uri.getHost() == null
              ? ""
              : " '" + (secretPath ? Redact.webhookUrl(uri) : Redact.url(uri)) + "'";
      node.error(key, "invalid URL" + shown + ": must be an absolute http:// or https:// URL");
      return Optional.empty();
    }
    return Optional.of(uri);
  }

  private static Optional<Type> typeNamed(String text) {
    for (Type t : Type.values()) {
      if (ConfigNode.spelling(t).equals(text)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  private static String knownTypes() {
    List<String> names = new ArrayList<>();
    for (Type t : Type.values()) {
      names.add(ConfigNode.spelling(t));
    }
    return String.join(", ", names);
  }

  /**
   * The notifiers to deliver to: one per Alertmanager replica (each must get every alert, so each
   * has its own queue), named {@code <name>-1}, {@code <name>-2}… when there are several; else one.
   *
   * @param externalUrl the agent's URL, for receivers to link to
   * @param alertmanagerValidFor how long after sending Alertmanager holds a firing alert
   */
  public List<Notifier> create(String externalUrl, Duration alertmanagerValidFor, Clock clock) {
    switch (type) {
      case ALERTMANAGER:
        List<Notifier> replicas = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
          String replica = urls.size() == 1 ? name : name + "-" + (i + 1);
          replicas.add(
              new AlertmanagerNotifier(replica, urls.get(i), http, alertmanagerValidFor, clock));
        }
        return replicas;
      case WEBHOOK:
        return List.of(new WebhookNotifier(name, urls.get(0), http, maxAlerts, externalUrl));
      case SLACK:
        return List.of(new SlackNotifier(name, urls.get(0), http));
      default:
        return List.of(new LogNotifier(name));
    }
  }

  /** The time limit of one request to the receiver. */
  public Duration timeout() {
    return http.timeout();
  }

  /** For logs and status: {@code hook (webhook https://hooks.example.com/****, bearer ****)}. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    for (URI u : urls) {
      parts.add(type == Type.ALERTMANAGER ? Redact.url(u) : Redact.webhookUrl(u));
    }
    if (!http.describe().isEmpty()) {
      parts.add(http.describe());
    }
    String where = parts.isEmpty() ? "" : " " + String.join(", ", parts);
    return name + " (" + ConfigNode.spelling(type) + where + ")";
  }

  @Override
  public String toString() {
    return describe();
  }
}
