package io.kshealth.core.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.kshealth.core.config.Units;
import io.kshealth.core.schedule.CollectorStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Writes an {@link AgentStatus} as the JSON of {@code /api/v1/status}. */
final class StatusJson {

  private static final JsonFactory JSON = new JsonFactory();

  private StatusJson() {}

  static void write(AgentStatus status, OutputStream out) throws IOException {
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("version", status.version());
      g.writeStringField("started", Instant.ofEpochMilli(status.startedMillis()).toString());
      g.writeNumberField("uptime_seconds", (status.nowMillis() - status.startedMillis()) / 1000.0);
      g.writeBooleanField("ready", status.ready());
      g.writeArrayFieldStart("collectors");
      for (CollectorStatus c : status.collectors()) {
        collector(g, c);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("targets");
      for (CollectorStatus c : status.collectors()) {
        if (c.target().isPresent()) {
          g.writeStartObject();
          g.writeStringField("collector", c.name());
          g.writeStringField("target", c.target().get());
          g.writeEndObject();
        }
      }
      g.writeEndArray();
      g.writeObjectFieldStart("history");
      g.writeNumberField("series", status.historySeries());
      g.writeNumberField("series_ended", status.historySeriesEnded());
      g.writeNumberField("points", status.historyPoints());
      g.writeNumberField("series_dropped_total", status.historySeriesDropped());
      g.writeEndObject();
      for (var e : status.extensions().entrySet()) {
        g.writeFieldName(e.getKey());
        value(g, e.getValue().status());
      }
      g.writeEndObject();
    }
  }

  /** A tree of plain values (as {@link #value} takes them) as one JSON document. */
  static void writeTree(@Nullable Object tree, OutputStream out) throws IOException {
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      value(g, tree);
    }
  }

  private static void collector(JsonGenerator g, CollectorStatus c) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", c.name());
    g.writeStringField("type", c.type());
    g.writeStringField("interval", Units.formatDuration(c.interval()));
    g.writeStringField("timeout", Units.formatDuration(c.timeout()));
    g.writeBooleanField("exposed", c.expose());
    if (c.up().isPresent()) {
      g.writeBooleanField("up", c.up().get());
    } else {
      g.writeNullField("up");
    }
    g.writeBooleanField("running", c.running());
    g.writeNumberField("runs", c.runs());
    g.writeNumberField("errors", c.errorsTotal());
    g.writeNumberField("consecutive_failures", c.consecutiveFailures());
    time(g, "last_run", c.lastRunStartedMillis());
    g.writeNumberField("last_duration_seconds", c.lastDurationSeconds());
    time(g, "last_success", c.lastSuccessMillis());
    time(g, "next_run", c.nextRunMillis());
    g.writeStringField("last_error", c.lastError().orElse(null));
    g.writeStringField("target", c.target().orElse(null));
    g.writeEndObject();
  }

  /** An extension's status tree (see {@link io.kshealth.core.extension.Extension#status()}). */
  private static void value(JsonGenerator g, @Nullable Object value) throws IOException {
    if (value == null) {
      g.writeNull();
    } else if (value instanceof Map<?, ?> map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        value(g, e.getValue());
      }
      g.writeEndObject();
    } else if (value instanceof Collection<?> list) {
      g.writeStartArray();
      for (Object item : list) {
        value(g, item);
      }
      g.writeEndArray();
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (value instanceof Integer || value instanceof Long) {
      g.writeNumber(((Number) value).longValue());
    } else if (value instanceof Number n) {
      g.writeNumber(n.doubleValue());
    } else {
      g.writeString(value.toString());
    }
  }

  private static void time(JsonGenerator g, String field, long millis) throws IOException {
    g.writeStringField(field, millis == 0 ? null : Instant.ofEpochMilli(millis).toString());
  }
}
