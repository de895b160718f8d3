package io.kshealth.core.http.web;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One reading of a web config file in the Prometheus exporter-toolkit format.
 *
 * @param tls absent for plain HTTP
 * @param headers {@code http_server_config.headers}, added to every response
 * @param users {@code basic_auth_users}: user name to bcrypt hash; empty for no authentication
 * @param files the files this reading depends on (the web config and the PEM files it names), each
 *     with the SHA-256 of the bytes read, so that a later change in any of them is noticed
 */
public record WebConfig(
    Optional<TlsServerConfig> tls,
    Map<String, String> headers,
    Map<String, String> users,
    Map<Path, String> files) {

  public WebConfig {
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    users = Collections.unmodifiableMap(new LinkedHashMap<>(users));
    files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
  }

  /** One line saying whether TLS and basic auth are on, never a secret. */
  public String summary() {
    return tls.map(t -> "TLS on (" + t.summary() + ")").orElse("TLS off")
        + ", "
        + (users.isEmpty() ? "basic auth off" : "basic auth on for " + users.size() + " user(s)");
  }

  @Override
  public String toString() {
    return "WebConfig[" + summary() + "]";
  }
}
