package io.kshealth.alerts;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.kshealth.alerts.engine.Alert;
import io.kshealth.alerts.engine.AlertEngine;
import io.kshealth.alerts.evidence.EvidenceStore;
import io.kshealth.alerts.evidence.StoredEvidence;
import io.kshealth.api.Labels;
import io.kshealth.core.http.HttpRoute;
import io.kshealth.core.http.RouteRequest;
import io.kshealth.core.http.RouteResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/alerts/{fingerprint}/evidence}: every capture kept for one alert, each with
 * its detail (the JSON object the collector made), as {@code
 * {"status":"success","data":{"fingerprint": ..., "labels": {...}, "captures": [{kind, collector,
 * captured_at, annotations, detail}]}}}. The fingerprint is the alert's in {@code /api/v1/alerts}
 * and in webhook payloads; one of no alert reported now (never one, or dropped with the resolved
 * alert) is 404, as is any other path under {@code /api/v1/alerts/}. Behind the HTTP auth when it
 * is configured: it is not a probe.
 */
final class EvidenceEndpoint implements HttpRoute.Handler {

  /** The subtree it answers, as a route path. */
  static final String ROUTE = "/api/v1/alerts/*";

  private static final String PREFIX = "/api/v1/alerts/";

  private static final Pattern PATH = Pattern.compile("([0-9a-f]{16})/evidence");
  private static final JsonFactory JSON = new JsonFactory();

  private final AlertEngine engine;
  private final Function<Labels, String> fingerprint;
  private final EvidenceStore evidence;

  EvidenceEndpoint(
      AlertEngine engine, Function<Labels, String> fingerprint, EvidenceStore evidence) {
    this.engine = engine;
    this.fingerprint = fingerprint;
    this.evidence = evidence;
  }

  HttpRoute route() {
    return HttpRoute.get(this);
  }

  @Override
  public RouteResponse handle(RouteRequest request) throws IOException {
    String rest = request.path().substring(Math.min(PREFIX.length(), request.path().length()));
    Matcher m = PATH.matcher(rest);
    if (!request.path().startsWith(PREFIX) || !m.matches()) {
      return RouteResponse.text(
          404, "not found: evidence is at /api/v1/alerts/{fingerprint}/evidence\n");
    }
    String wanted = m.group(1);
    Optional<Alert> alert =
        engine.result().alerts().stream()
            .filter(a -> fingerprint.apply(a.labels()).equals(wanted))
            .findFirst();
    if (alert.isEmpty()) {
      return RouteResponse.text(404, "no alert with fingerprint " + wanted + " is reported now\n");
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(body)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("status", "success");
      g.writeObjectFieldStart("data");
      g.writeStringField("fingerprint", wanted);
      AlertsEndpoint.strings(g, "labels", alert.get().labels().asMap());
      g.writeArrayFieldStart("captures");
      for (StoredEvidence e : evidence.of(wanted)) {
        g.writeStartObject();
        AlertsEndpoint.summary(g, e);
        g.writeFieldName("detail");
        if (e.jsonDetail()) {
          g.writeRawValue(e.evidence().detail());
        } else {
          g.writeString(e.evidence().detail());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
    }
    return RouteResponse.json(200, body.toByteArray());
  }
}
