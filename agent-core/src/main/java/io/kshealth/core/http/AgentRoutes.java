package io.kshealth.core.http;

import io.kshealth.core.extension.Extension.ReloadOutcome;
import io.kshealth.core.schedule.CollectorStatus;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

/**
 * The agent's own endpoints:
 *
 * <ul>
 *   <li>{@code GET /metrics}: Prometheus text or OpenMetrics, chosen by the {@code Accept} header,
 *       gzip when asked for;
 *   <li>{@code GET /healthz}: 200 while the process serves requests (a probe);
 *   <li>{@code GET /readyz}: 200 once every enabled collector has finished a run or a second after
 *       the process started, 503 before (a probe; see {@link #ready()});
 *   <li>{@code GET /api/v1/status}: the agent, its collectors and extensions as JSON;
 *   <li>{@code POST /-/reload}: reloads what can change at run time (the rules), from loopback
 *       only.
 * </ul>
 *
 * {@code GET /}, the status page, is {@link io.kshealth.core.http.page.StatusPage}.
 */
public final class AgentRoutes {

  private final PrometheusRegistry registry;
  private final Supplier<AgentStatus> status;
  private final Supplier<List<CollectorStatus>> collectors;
  private final Clock clock;
  private final long readyByMillis;
  private final Supplier<ReloadOutcome> reload;
  private final ExpositionFormats formats = ExpositionFormats.init();

  public AgentRoutes(
      PrometheusRegistry registry,
      Supplier<AgentStatus> status,
      Supplier<List<CollectorStatus>> collectors,
      Clock clock,
      long readyByMillis,
      Supplier<ReloadOutcome> reload) {
    this.clock = clock;
    this.readyByMillis = readyByMillis;
    this.registry = registry;
    this.status = status;
    this.collectors = collectors;
    this.reload = reload;
  }

  public void addTo(AgentHttpServer server) {
    server.probe("/healthz", HttpRoute.get(r -> RouteResponse.text(200, "ok\n")));
    server.probe("/readyz", HttpRoute.get(r -> ready()));
    server.route("/metrics", HttpRoute.get(this::metrics));
    server.route("/api/v1/status", HttpRoute.get(r -> status()));
    server.route("/-/reload", new HttpRoute(Set.of("POST"), this::reload));
  }

  private RouteResponse metrics(RouteRequest request) throws IOException {
    ExpositionFormatWriter writer = formats.findWriter(request.header("Accept").orElse(null));
    ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
    boolean gzip = request.header("Accept-Encoding").orElse("").contains("gzip");
    try (OutputStream out = gzip ? new GZIPOutputStream(body) : body) {
      writer.write(out, registry.scrape());
    }
    RouteResponse response =
        new RouteResponse(200, writer.getContentType(), Map.of(), body.toByteArray());
    return gzip ? response.withHeader("Content-Encoding", "gzip") : response;
  }

  /**
   * Reads only the collectors' states and the clock: a probe must not wait on the history or the
   * rules. The agent serves only once its config, history and rules are loaded, so what is left to
   * wait for is the collectors' first runs, and those only briefly (see {@link
   * AgentStatus#ready()}).
   */
  private RouteResponse ready() {
    List<CollectorStatus> runs = collectors.get();
    List<String> pending = AgentStatus.pendingFirstRuns(runs);
    String waiting = String.join(", ", pending);
    if (!AgentStatus.ready(runs, readyByMillis, clock.millis())) {
      return RouteResponse.text(503, "not ready: waiting for the first run of " + waiting + "\n");
    }
    return RouteResponse.text(
        200, pending.isEmpty() ? "ready\n" : "ready; first run pending: " + waiting + "\n");
  }

  private RouteResponse status() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    StatusJson.write(status.get(), body);
    return RouteResponse.json(200, body.toByteArray());
  }

  /**
   * Loopback only: anyone who can reach the port could otherwise make the agent re-read files at
   * will. SIGHUP does the same for those with a shell.
   */
  private RouteResponse reload(RouteRequest request) {
    if (!request.remoteAddress().isLoopbackAddress()) {
      return RouteResponse.text(403, "reload is accepted from loopback only\n");
    }
    ReloadOutcome outcome = reload.get();
    return RouteResponse.text(outcome.ok() ? 200 : 500, outcome.message() + "\n");
  }
}
