package io.kshealth.alerts.notify;

import io.kshealth.alerts.api.NotifierSettings;
import io.kshealth.api.ConfigSection;
import io.kshealth.core.tls.ClientTls;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * How an HTTP notifier reaches its receiver: the time limit of one request, the credentials it
 * sends and its TLS trust and client certificate.
 */
record HttpOptions(Duration timeout, Credentials credentials, ClientTls tls) {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** No credentials but the URL's user-info, the JDK's CA certificates. */
  static HttpOptions plain(Duration timeout) {
    return new HttpOptions(timeout, new Credentials.None(), ClientTls.DEFAULT);
  }

  /**
   * Reads {@code timeout}, the credentials and {@code tls} of an HTTP notifier's config; {@code
   * urls} are its receiver's, whose user-info must not clash with other credentials.
   */
  static HttpOptions parse(ConfigSection node, List<URI> urls) {
    return new HttpOptions(
        node.duration("timeout", DEFAULT_TIMEOUT),
        Credentials.parse(node, urls),
        ClientTls.parse(node.map("tls")));
  }

  /** {@code bearer ****, ca /etc/ca.pem}; empty for the defaults. */
  String describe() {
    String auth = credentials.describe();
    String trust = tls.describe();
    return auth.isEmpty() || trust.isEmpty() ? auth + trust : auth + ", " + trust;
  }

  /** The receiver's masked URLs, then {@link #describe()}, for {@link NotifierSettings}. */
  String describe(List<String> maskedUrls) {
    String options = describe();
    return String.join(", ", maskedUrls) + (options.isEmpty() ? "" : ", " + options);
  }
}
