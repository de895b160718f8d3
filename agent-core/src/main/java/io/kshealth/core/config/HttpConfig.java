package io.kshealth.core.config;

import java.time.Duration;

/**
 * Where the agent's HTTP endpoints listen, and the limits that keep them answering under abuse. The
 * default port, 19418, is outside the 9100–9999 range of Prometheus' default port allocations (all
 * of which are taken) and absent from the list's other entries; it sits below Linux's ephemeral
 * port range.
 *
 * @param backlog connections the kernel queues before the server accepts them
 * @param readTimeout from the first byte of a request to the end of its headers; a slower client is
 *     disconnected (slowloris)
 * @param idleTimeout a connection with nothing read or written for this long is closed
 * @param requestTimeout a request to {@code /metrics}, {@code /api} or an extension's endpoint not
 *     answered in this time gets 503
 * @param maxHeaderBytes the request line and headers together; more gets 431 (414 for the line)
 * @param threads the threads that answer {@code /metrics}, {@code /api} and extensions' endpoints;
 *     probes ({@code /healthz}, {@code /readyz}) never wait for them
 * @param maxPending requests to those endpoints running, queued or being sent at once; more get 503
 *     with {@code Retry-After}
 */
public record HttpConfig(
    String host,
    int port,
    int backlog,
    Duration readTimeout,
    Duration idleTimeout,
    Duration requestTimeout,
    int maxHeaderBytes,
    int threads,
    int maxPending) {

  public static final int DEFAULT_PORT = 19418;
  public static final String DEFAULT_LISTEN = "0.0.0.0:" + DEFAULT_PORT;
  public static final int DEFAULT_BACKLOG = 128;
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_HEADER_BYTES = 8 * 1024;
  public static final int DEFAULT_THREADS = 2;
  public static final int DEFAULT_MAX_PENDING = 16;

  /** An address with every limit at its default. */
  public HttpConfig(String host, int port) {
    this(
        host,
        port,
        DEFAULT_BACKLOG,
        DEFAULT_READ_TIMEOUT,
        DEFAULT_IDLE_TIMEOUT,
        DEFAULT_REQUEST_TIMEOUT,
        DEFAULT_MAX_HEADER_BYTES,
        DEFAULT_THREADS,
        DEFAULT_MAX_PENDING);
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

  /** The same limits on another address ({@code --listen}). */
  public HttpConfig withListen(String listen) {
    HttpConfig address = parse(listen);
    return new HttpConfig(
        address.host,
        address.port,
        backlog,
        readTimeout,
        idleTimeout,
        requestTimeout,
        maxHeaderBytes,
        threads,
        maxPending);
  }

  /**
   * The base URL clients reach the agent at: the machine's name when listening on every interface
   * (a wildcard address is no address to link to).
   */
  public String baseUrl(int boundPort) {
    String h = host;
    if (h.equals("0.0.0.0") || h.equals("::")) {
      try {
        h = java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.net.UnknownHostException e) {
        h = "localhost";
      }
    }
    return "http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + boundPort;
  }

  public String listen() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
