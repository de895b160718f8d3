package io.kshealth.alerts;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.kshealth.alerts.engine.Alert;
import io.kshealth.alerts.engine.AlertEngine;
import io.kshealth.alerts.engine.AlertState;
import io.kshealth.core.http.HttpRoute;
import io.kshealth.core.http.RouteRequest;
import io.kshealth.core.http.RouteResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/v1/alerts}: every pending, firing and recently resolved alert, shaped like
 * Prometheus' endpoint of the same name ({@code {"status":"success","data":{"alerts":[...]}}}),
 * with the firing and resolve times added.
 */
final class AlertsEndpoint implements HttpRoute.Handler {

  private static final JsonFactory JSON = new JsonFactory();

  private final AlertEngine engine;

  AlertsEndpoint(AlertEngine engine) {
    this.engine = engine;
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
        write(g, a);
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
    }
    return RouteResponse.json(200, body.toByteArray());
  }

  private static void write(JsonGenerator g, Alert a) throws IOException {
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
    g.writeEndObject();
  }

  private static void strings(JsonGenerator g, String field, Map<String, String> map)
      throws IOException {
    g.writeObjectFieldStart(field);
    for (Map.Entry<String, String> e : map.entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }

  /** The time in ISO-8601, or null (a JSON null) for 0: it has not happened. */
  private static @Nullable String time(long millis) {
    return millis == 0 ? null : Instant.ofEpochMilli(millis).toString();
  }
}
