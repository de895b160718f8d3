package io.kshealth.alerts.notify;

import java.net.URI;

/**
 * How a receiver's URL appears in logs and status. Webhook and Slack URLs carry their secret in the
 * path or query, so only scheme, host and port are shown; user-info is never shown.
 */
final class UrlMask {

  private UrlMask() {}

  /** {@code https://hooks.slack.com/****}. */
  static String secret(URI uri) {
    String base = origin(uri);
    boolean hasMore =
        (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))
            || uri.getRawQuery() != null;
    return hasMore ? base + "/****" : base;
  }

  /** The URL without user-info, path kept (Alertmanager URLs hold no secret in their path). */
  static String plain(URI uri) {
    return origin(uri) + (uri.getRawPath() == null ? "" : uri.getRawPath());
  }

  private static String origin(URI uri) {
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }
}
