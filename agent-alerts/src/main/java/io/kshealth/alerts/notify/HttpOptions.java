package io.kshealth.alerts.notify;

import io.kshealth.core.tls.ClientTls;
import java.time.Duration;

/**
 * How an HTTP notifier reaches its receiver: the time limit of one request, the credentials it
 * sends and its TLS trust and client certificate.
 */
record HttpOptions(Duration timeout, Credentials credentials, ClientTls tls) {

  /** No credentials but the URL's user-info, the JDK's CA certificates. */
  static HttpOptions plain(Duration timeout) {
    return new HttpOptions(timeout, new Credentials.None(), ClientTls.DEFAULT);
  }

  /** {@code bearer ****, ca /etc/ca.pem}; empty for the defaults. */
  String describe() {
    String auth = credentials.describe();
    String trust = tls.describe();
    return auth.isEmpty() || trust.isEmpty() ? auth + trust : auth + ", " + trust;
  }
}
