package io.kshealth.core.http;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Requests the agent's HTTP server answered, by path and status, and how long they took from the
 * end of their headers to the last byte sent. Paths are the known endpoints' only: every other path
 * (and a request the server rejected before routing, such as 431) counts as {@value #OTHER}, so a
 * scanner cannot grow the series.
 */
final class HttpMetrics {

  static final String OTHER = "other";
  static final String REQUESTS = "kshealth_http_requests_total";
  static final String DURATION = "kshealth_http_request_duration_seconds";

  /** From a probe answered inline (milliseconds) to a scrape queued behind others (seconds). */
  private static final double[] BUCKETS = {0.005, 0.025, 0.1, 0.25, 1, 2.5, 10};

  private final Counter requests;
  private final Histogram duration;

  HttpMetrics(PrometheusRegistry registry) {
    this.requests =
        Counter.builder()
            .name(REQUESTS)
            .help("HTTP requests answered, by path (other for unknown paths) and status code.")
            .labelNames("path", "code")
            .withoutExemplars()
            .register(registry);
    this.duration =
        Histogram.builder()
            .name(DURATION)
            .help("Time from a request's headers to its last byte sent, by path.")
            .labelNames("path")
            .classicOnly()
            .classicUpperBounds(BUCKETS)
            .withoutExemplars()
            .register(registry);
  }

  void observe(String path, int status, long nanos) {
    requests.labelValues(path, Integer.toString(status)).inc();
    duration.labelValues(path).observe(nanos / 1e9);
  }
}
