package io.kshealth.alerts;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.kshealth.alerts.engine.Alert;
import io.kshealth.alerts.engine.AlertEngine;
import io.kshealth.alerts.engine.AlertState;
import io.kshealth.alerts.evidence.EvidenceStore;
import io.kshealth.alerts.evidence.StoredEvidence;
import io.kshealth.api.Labels;
import io.kshealth.core.http.HttpRoute;
import io.kshealth.core.http.RouteRequest;
import io.kshealth.core.http.RouteResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/v1/alerts}: every pending, firing and recently resolved alert, shaped like
 * Prometheus' endpoint of the same name ({@code {"status":"success","data":{"alerts":[...]}}}),
 * with the firing and resolve times added, the alert's fingerprint (as receivers see it), and its
 * evidence in short: for each of its newest {@value #MAX_LISTED} captures the kind, the collector,
 * when and the annotations; the whole capture is at {@link EvidenceEndpoint}.
 */
final class AlertsEndpoint implements HttpRoute.Handler {

  static final int MAX_LISTED = 8;

  private static final JsonFactory JSON = new JsonFactory();

  private final AlertEngine engine;
  private final Function<Labels, String> fingerprint;
  private final EvidenceStore evidence;

  AlertsEndpoint(AlertEngine engine, Function<Labels, String> fingerprint, EvidenceStore evidence) {
    this.engine = engine;
    this.fingerprint = fingerprint;
    this.evidence = evidence;
  }

  /** The route: {@code GET} (and so {@code HEAD}) only. */
  HttpRoute route() {
    return HttpRoute.get(this);
  }

  @Override
  public RouteResponse handle(RouteRequest request) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(body)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("status", "success");
      g.writeObjectFieldStart("data");
      g.writeArrayFieldStart("alerts");
      for (Alert a : engine.result().alerts()) {
        write(g, a, fingerprint.apply(a.labels()));
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
    }
    return RouteResponse.json(200, body.toByteArray());
  }

  private void write(JsonGenerator g, Alert a, String fingerprint) throws IOException {
    g.writeStartObject();
    strings(g, "labels", a.labels().asMap());
    strings(g, "annotations", a.annotations());
    g.writeStringField(
        "state",
        a.state() == AlertState.INACTIVE
            ? "resolved"
            : a.state().name().toLowerCase(java.util.Locale.ROOT));
    g.writeStringField("activeAt", time(a.activeAtMillis()));
    g.writeStringField("firedAt", time(a.firedAtMillis()));
    g.writeStringField("resolvedAt", time(a.resolvedAtMillis()));
    if (Double.isFinite(a.value())) {
      g.writeNumberField("value", a.value());
    } else {
      g.writeStringField("value", Double.toString(a.value()));
    }
    g.writeStringField("fingerprint", fingerprint);
    g.writeArrayFieldStart("evidence");
    List<StoredEvidence> all = evidence.of(fingerprint);
    for (StoredEvidence e : all.subList(Math.max(0, all.size() - MAX_LISTED), all.size())) {
      g.writeStartObject();
      summary(g, e);
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  /** A capture without its detail: kind, collector, when, annotations. */
  static void summary(JsonGenerator g, StoredEvidence e) throws IOException {
    g.writeStringField("kind", e.evidence().kind());
    g.writeStringField("collector", e.collector());
    g.writeStringField("captured_at", time(e.evidence().capturedAtMillis()));
    strings(g, "annotations", e.evidence().annotations());
  }

  static void strings(JsonGenerator g, String field, Map<String, String> map) throws IOException {
    g.writeObjectFieldStart(field);
    for (Map.Entry<String, String> e : map.entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }

  /** The time in ISO-8601, or null (a JSON null) for 0: it has not happened. */
  static @Nullable String time(long millis) {
    return millis == 0 ? null : Instant.ofEpochMilli(millis).toString();
  }
}
