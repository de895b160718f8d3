package io.kshealth.core.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the agent's HTTP endpoints listen, the limits that keep them answering under abuse, and how
 * they are secured. The default port, 19418, is outside the 9100–9999 range of Prometheus' default
 * port allocations (all of which are taken) and absent from the list's other entries; it sits below
 * Linux's ephemeral port range.
 *
 * @param webConfigFile the TLS and basic auth settings, in the exporter-toolkit's web config format
 * @param authExempt request paths served without basic auth (never without TLS)
 */
public record HttpConfig(
    String host,
    int port,
    HttpLimits limits,
    Optional<Path> webConfigFile,
    List<String> authExempt) {

  public static final int DEFAULT_PORT = 19418;
  public static final String DEFAULT_LISTEN = "0.0.0.0:" + DEFAULT_PORT;

  /** Kubelet probes carry no credentials, and these answers reveal nothing. */
  public static final List<String> DEFAULT_AUTH_EXEMPT =
      List.of("/healthz", "/readyz", "/probe/app/ready", "/probe/app/live");

  public HttpConfig {
    authExempt = List.copyOf(authExempt);
  }

  /** Listening on {@code host:port} with the default limits, without a web config file. */
  public HttpConfig(String host, int port) {
    this(host, port, HttpLimits.DEFAULTS, Optional.empty(), DEFAULT_AUTH_EXEMPT);
  }

  /** The same settings on another address (the {@code --listen} flag). */
  public HttpConfig withListen(String listen) {
    HttpConfig address = parse(listen);
    return new HttpConfig(address.host, address.port, limits, webConfigFile, authExempt);
  }

  /** The same settings with another web config file (the {@code --web.config.file} flag). */
  public HttpConfig withWebConfigFile(Path file) {
    return new HttpConfig(host, port, limits, Optional.of(file), authExempt);
  }

  /**
   * Parses {@code host:port}, {@code :port} (all interfaces) or {@code [ipv6]:port}, with every
   * limit at its default.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static HttpConfig parse(String listen) {
    int colon = listen.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("expected host:port, such as 0.0.0.0:" + DEFAULT_PORT);
    }
    String host = listen.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(listen.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port must be a number from 0 to 65535");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be a number from 0 to 65535");
    }
    return new HttpConfig(host.isEmpty() ? "0.0.0.0" : host, port);
  }

  /**
   * The base URL clients reach the agent at: the machine's name when listening on every interface
   * (a wildcard address is no address to link to).
   */
  public String baseUrl(int boundPort, boolean tls) {
    String h = host;
    if (h.equals("0.0.0.0") || h.equals("::")) {
      try {
        h = java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.net.UnknownHostException e) {
        h = "localhost";
      }
    }
    return (tls ? "https://" : "http://") + (h.contains(":") ? "[" + h + "]" : h) + ":" + boundPort;
  }

  public String listen() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
