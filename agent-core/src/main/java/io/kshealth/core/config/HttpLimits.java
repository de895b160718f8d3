package io.kshealth.core.config;

import java.time.Duration;

/**
 * The limits that keep the agent's HTTP endpoints answering under abuse.
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
public record HttpLimits(
    int backlog,
    Duration readTimeout,
    Duration idleTimeout,
    Duration requestTimeout,
    int maxHeaderBytes,
    int threads,
    int maxPending) {

  public static final HttpLimits DEFAULTS =
      new HttpLimits(
          128,
          Duration.ofSeconds(5),
          Duration.ofSeconds(30),
          Duration.ofSeconds(10),
          8 * 1024,
          2,
          16);
}
