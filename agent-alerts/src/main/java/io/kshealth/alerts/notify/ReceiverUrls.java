package io.kshealth.alerts.notify;

import io.kshealth.api.ConfigSection;
import io.kshealth.core.text.Redact;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The receiver URLs of the HTTP notifier types, checked at load: a missing or malformed URL is a
 * config error, not a surprise when the first alert fires.
 */
final class ReceiverUrls {

  private ReceiverUrls() {}

  /** The webhook's or Slack's one URL ({@code url:}), which carries a secret in its path. */
  static Optional<URI> one(ConfigSection node) {
    Optional<String> text = node.optionalString("url");
    if (text.isEmpty()) {
      node.error("url", "missing 'url': where to POST the alerts");
      return Optional.empty();
    }
    return uri(node, "url", text.get(), true);
  }

  /**
   * Alertmanager's replicas ({@code urls:}): each gets every alert, as Prometheus sends to each.
   */
  static Optional<List<URI>> replicas(ConfigSection node) {
    if (!node.has("urls")) {
      node.error("urls", "missing 'urls': one URL per Alertmanager replica");
      return Optional.empty();
    }
    List<String> texts = node.strings("urls");
    boolean valid = !texts.isEmpty();
    if (!valid) {
      node.error("urls", "needs at least one Alertmanager URL, such as http://alertmanager:9093");
    }
    List<URI> urls = new ArrayList<>();
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
    return valid ? Optional.of(List.copyOf(urls)) : Optional.empty();
  }

  /**
   * An absolute http or https URL. A message names it only masked, and not at all when it does not
   * parse (there is no telling where its secret sits); the error's position points at it anyway.
   */
  private static Optional<URI> uri(
      ConfigSection node, String key, String text, boolean secretPath) {
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
}
