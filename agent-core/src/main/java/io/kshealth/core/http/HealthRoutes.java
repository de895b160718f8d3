package io.kshealth.core.http;

import io.kshealth.core.health.HealthAssessor;
import io.kshealth.core.health.HealthJson;
import io.kshealth.core.probe.AppProbes;
import io.kshealth.core.probe.ProbeAnswer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The app's health: {@code GET /api/v1/health} (the verdict per area, with its reasons, and both
 * probes' answers, as JSON) and the probes the app's container points at, {@code GET
 * /probe/app/ready} and {@code GET /probe/app/live} (200 or 503 with one line saying why). The
 * probes run on the threads kept for probes, so a slow endpoint never delays them.
 */
public final class HealthRoutes {

  private final HealthAssessor health;
  private final AppProbes probes;

  public HealthRoutes(HealthAssessor health, AppProbes probes) {
    this.health = health;
    this.probes = probes;
  }

  public void addTo(AgentHttpServer server) {
    server.probe("/probe/app/ready", HttpRoute.get(r -> answer(probes.ready())));
    server.probe("/probe/app/live", HttpRoute.get(r -> answer(probes.live())));
    server.route("/api/v1/health", HttpRoute.get(r -> verdict()));
  }

  private static RouteResponse answer(ProbeAnswer answer) {
    return RouteResponse.text(answer.status(), answer.reason() + "\n");
  }

  private RouteResponse verdict() throws IOException {
    Map<String, @Nullable Object> tree = HealthJson.tree(health.assess());
    Map<String, @Nullable Object> probeTree = new LinkedHashMap<>();
    probeTree.put("ready", probe(probes.ready()));
    probeTree.put("live", probe(probes.live()));
    tree.put("probes", probeTree);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    StatusJson.writeTree(tree, body);
    return RouteResponse.json(200, body.toByteArray());
  }

  private static Map<String, @Nullable Object> probe(ProbeAnswer answer) {
    Map<String, @Nullable Object> p = new LinkedHashMap<>();
    p.put("status", answer.status());
    p.put("reason", answer.reason());
    return p;
  }
}
