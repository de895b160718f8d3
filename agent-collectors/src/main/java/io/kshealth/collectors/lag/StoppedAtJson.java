package io.kshealth.collectors.lag;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * The detail of a {@code stopped-at} capture as JSON, at most a given number of characters:
 * partitions that do not fit are left out from the end (the least lagging) and counted, so what is
 * kept is always valid JSON.
 *
 * <pre>{@code
 * {"group":"orders-app","source":"stalled","key":"none","partitions":[
 *   {"topic":"events","partition":3,"status":"STALL","committed":1234,"end":1300,"lag":66,
 *    "record":{"offset":1234,"timestamp":"2026-12-06T21:00:00Z","key_bytes":12,
 *              "headers":["trace-id"]}}],"omitted":0}
 * }</pre>
 */
final class StoppedAtJson {

  private static final JsonFactory JSON = new JsonFactory();

  /** A writer of one JSON value. */
  @FunctionalInterface
  private interface Writes {
    void to(JsonGenerator g) throws IOException;
  }

  private StoppedAtJson() {}

  static String detail(String group, StoppedAt.Selection selection, String keyMode, int maxChars) {
    String start =
        json(
            g -> {
              g.writeStartObject();
              g.writeStringField("group", group);
              g.writeStringField("source", selection.source());
              g.writeStringField("key", keyMode);
              g.writeArrayFieldStart("partitions");
            });
    List<StoppedAt.Stopped> all = selection.partitions();
    // Room for the end: ],"omitted":N}
    int end = "],\"omitted\":}".length() + Integer.toString(all.size()).length();
    StringBuilder out = new StringBuilder(start);
    int kept = 0;
    for (StoppedAt.Stopped s : all) {
      String one = (kept == 0 ? "" : ",") + json(g -> partition(g, s));
      if (out.length() + one.length() + end > maxChars) {
        break;
      }
      out.append(one);
      kept++;
    }
    return out.append("],\"omitted\":").append(all.size() - kept).append('}').toString();
  }

  private static void partition(JsonGenerator g, StoppedAt.Stopped s) throws IOException {
    g.writeStartObject();
    g.writeStringField("topic", s.partition().topic());
    g.writeNumberField("partition", s.partition().partition());
    g.writeStringField("status", s.status().name());
    g.writeFieldName("committed");
    if (s.offsets().committed() >= 0) {
      g.writeNumber(s.offsets().committed());
    } else {
      g.writeNull();
    }
    g.writeNumberField("end", s.offsets().end());
    g.writeNumberField("lag", s.lag());
    g.writeFieldName("record");
    Head head = s.head();
    if (head.record().isPresent()) {
      RecordMeta r = head.record().get();
      g.writeStartObject();
      g.writeNumberField("offset", r.offset());
      g.writeStringField("timestamp", Instant.ofEpochMilli(head.timestampMillis()).toString());
      if (head.kind() == Head.Kind.DELETED) {
        // The committed offset is below the log start: this is the oldest record left.
        g.writeBooleanField("deleted_by_retention", true);
      }
      g.writeFieldName("key_bytes");
      if (r.keyBytes() >= 0) {
        g.writeNumber(r.keyBytes());
      } else {
        g.writeNull();
      }
      if (r.keyHmac().isPresent()) {
        g.writeStringField("key_hmac", r.keyHmac().get());
      }
      g.writeArrayFieldStart("headers");
      for (String name : r.headers()) {
        g.writeString(name);
      }
      g.writeEndArray();
      g.writeEndObject();
    } else {
      g.writeNull();
    }
    g.writeEndObject();
  }

  private static String json(Writes value) {
    StringWriter text = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(text)) {
      // The start is left open; the rest is closed by hand.
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
      value.to(g);
    } catch (IOException e) {
      // A StringWriter does not fail.
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }
}
