package io.kshealth.core.text;

import java.net.URI;

/**
 * How a receiver's URL appears in logs, errors and status. Webhook and Slack URLs carry their
 * secret in the path or query, so only scheme, host and port are shown. User-info (a password) is
 * never shown.
 */
public final class UrlMask {

  private UrlMask() {}

  /** {@code https://hooks.slack.com/****}: the path and query hidden, whatever they hold. */
  public static String secret(URI uri) {
    String path = uri.getRawPath();
    boolean more =
        (path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null;
    return origin(uri) + (more ? "/****" : "");
  }

  /** {@code http://am-0:9093/api/v2/alerts}: the path kept, the query and user-info dropped. */
  public static String plain(URI uri) {
    return origin(uri) + (uri.getRawPath() == null ? "" : uri.getRawPath());
  }

  private static String origin(URI uri) {
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }
}
