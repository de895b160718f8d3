package io.kshealth.core.http.page;

import io.kshealth.core.health.HealthAssessor;
import io.kshealth.core.history.HistoryStore;
import io.kshealth.core.http.AgentHttpServer;
import io.kshealth.core.http.AgentStatus;
import io.kshealth.core.http.HttpRoute;
import io.kshealth.core.http.RouteResponse;
import io.kshealth.core.probe.AppProbes;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /}: the status page, what a person opens first when the pager goes off. Served on the
 * endpoint pool, not with the probes: it reads the history, whose lock the collectors' appends
 * hold.
 *
 * <pre>{@code
 * new StatusPage(health, probes, history, agent::status).addTo(server);
 * }</pre>
 */
public final class StatusPage {

  static final String HTML = "text/html; charset=utf-8";

  private final HealthAssessor health;
  private final AppProbes probes;
  private final HistoryStore history;
  private final Supplier<AgentStatus> status;

  public StatusPage(
      HealthAssessor health, AppProbes probes, HistoryStore history, Supplier<AgentStatus> status) {
    this.health = health;
    this.probes = probes;
    this.history = history;
    this.status = status;
  }

  public void addTo(AgentHttpServer server) {
    server.route("/", HttpRoute.get(r -> page()));
  }

  private RouteResponse page() {
    AgentStatus agent = status.get();
    PageView view =
        new PageView(
            health.assess(),
            probes.ready(),
            probes.live(),
            KeySeries.ALL.stream().map(s -> Trend.read(s, history::seriesNamed)).toList(),
            agent.version(),
            agent.startedMillis(),
            agent.collectors());
    byte[] body = PageRenderer.render(view).getBytes(StandardCharsets.UTF_8);
    // The page is the agent's own: no frame may embed it, and it neither runs nor loads anything.
    return new RouteResponse(
        200,
        HTML,
        Map.of(
            "Cache-Control", "no-store",
            "X-Frame-Options", "DENY",
            "Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors"
                    + " 'none'"),
        body);
  }
}
