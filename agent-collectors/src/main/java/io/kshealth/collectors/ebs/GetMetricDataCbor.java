package io.kshealth.collectors.ebs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.thirdparty.jackson.core.JsonToken;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORFactory;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORGenerator;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORParser;

/**
 * {@code GetMetricData} in Smithy RPC v2 CBOR, as the SDK's generated client writes and reads it:
 * maps keyed by the model's member names, timestamps as tag 1 around epoch seconds. It rides on the
 * CBOR codec the SDK ships (shaded Jackson), so the agent carries no CBOR code of its own.
 *
 * <p>Answers come from the network, so reading checks every type it relies on and turns anything
 * else into an {@link IOException} that says what was wrong; members it does not read are skipped,
 * as the SDK skips members newer than its model.
 */
final class GetMetricDataCbor {

  private static final int EPOCH_SECONDS_TAG = 1;
  private static final CBORFactory FACTORY = new CBORFactory();

  /** The error of an answer that is not a success: the members the SDK reads it from. */
  record ErrorBody(Optional<String> type, Optional<String> message) {}

  private GetMetricDataCbor() {}

  static byte[] request(
      CloudWatchQueries queries, Instant start, Instant end, Optional<String> nextToken) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CBORGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeFieldName("MetricDataQueries");
      g.writeStartArray();
      for (Map.Entry<String, CloudWatchSeries> q : queries.queries().entrySet()) {
        writeQuery(g, q.getKey(), q.getValue(), queries.periodSeconds());
      }
      g.writeEndArray();
      writeTimestamp(g, "StartTime", start);
      writeTimestamp(g, "EndTime", end);
      if (nextToken.isPresent()) {
        g.writeStringField("NextToken", nextToken.get());
      }
      g.writeStringField("ScanBy", "TimestampDescending");
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing CBOR to memory", e);
    }
    return out.toByteArray();
  }

  private static void writeQuery(CBORGenerator g, String id, CloudWatchSeries s, int period)
      throws IOException {
    CloudWatchMetric m = s.metric();
    g.writeStartObject();
    g.writeStringField("Id", id);
    g.writeFieldName("MetricStat");
    g.writeStartObject();
    g.writeFieldName("Metric");
    g.writeStartObject();
    g.writeStringField("Namespace", m.scope().namespace());
    g.writeStringField("MetricName", m.metricName());
    g.writeFieldName("Dimensions");
    g.writeStartArray();
    g.writeStartObject();
    g.writeStringField("Name", m.scope().dimension());
    g.writeStringField("Value", s.dimensionValue());
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
    g.writeNumberField("Period", period);
    g.writeStringField("Stat", m.statistic());
    g.writeEndObject();
    g.writeBooleanField("ReturnData", true);
    g.writeEndObject();
  }

  private static void writeTimestamp(CBORGenerator g, String name, Instant t) throws IOException {
    g.writeFieldName(name);
    g.writeTag(EPOCH_SECONDS_TAG);
    g.writeNumber(t.getEpochSecond());
  }

  /** Reads a success. */
  static GetMetricDataPage page(byte[] body) throws IOException {
    List<GetMetricDataPage.Result> results = new ArrayList<>();
    Optional<String> nextToken = Optional.empty();
    try (CBORParser p = FACTORY.createParser(body)) {
      expect(p, JsonToken.START_OBJECT, "the answer");
      while (next(p, "the answer") == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = next(p, name);
        switch (name) {
          case "MetricDataResults" -> {
            requireToken(value, JsonToken.START_ARRAY, name);
            while (next(p, name) != JsonToken.END_ARRAY) {
              results.add(result(p));
            }
          }
          case "NextToken" -> nextToken = optionalString(p, value, name);
          // A success carrying an error: a proxy's or a fault's, never one to read points from.
          case "__type" -> throw new IOException("an error (" + string(p, value, name) + ")");
          default -> p.skipChildren();
        }
      }
      requireEnd(p);
    }
    return new GetMetricDataPage(results, nextToken);
  }

  private static GetMetricDataPage.Result result(CBORParser p) throws IOException {
    requireToken(p.currentToken(), JsonToken.START_OBJECT, "a MetricDataResult");
    String id = null;
    String status = null;
    List<Instant> timestamps = List.of();
    List<Double> values = List.of();
    while (next(p, "a MetricDataResult") == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = next(p, name);
      switch (name) {
        case "Id" -> id = string(p, value, name);
        case "StatusCode" -> status = string(p, value, name);
        case "Timestamps" -> timestamps = timestamps(p, value);
        case "Values" -> values = values(p, value);
        default -> p.skipChildren();
      }
    }
    if (id == null || status == null) {
      throw new IOException("a MetricDataResult without Id or StatusCode");
    }
    if (timestamps.size() != values.size()) {
      throw new IOException(
          "result " + id + ": " + timestamps.size() + " timestamps, " + values.size() + " values");
    }
    return new GetMetricDataPage.Result(id, status, timestamps, values);
  }

  private static List<Instant> timestamps(CBORParser p, JsonToken token) throws IOException {
    requireToken(token, JsonToken.START_ARRAY, "Timestamps");
    List<Instant> out = new ArrayList<>();
    while (next(p, "Timestamps") != JsonToken.END_ARRAY) {
      int tag = p.getCurrentTag();
      if (tag != EPOCH_SECONDS_TAG && tag != -1) {
        throw new IOException("a timestamp with CBOR tag " + tag + ", not 1 (epoch seconds)");
      }
      double seconds = number(p, "a timestamp");
      out.add(Instant.ofEpochMilli(millis(seconds)));
    }
    return out;
  }

  /** Millisecond precision, as the SDK reads fractional seconds. */
  private static long millis(double seconds) throws IOException {
    double ms = Math.rint(seconds * 1000);
    if (!(Math.abs(ms) < Long.MAX_VALUE)) {
      throw new IOException("a timestamp of " + seconds + " s is out of range");
    }
    return (long) ms;
  }

  private static List<Double> values(CBORParser p, JsonToken token) throws IOException {
    requireToken(token, JsonToken.START_ARRAY, "Values");
    List<Double> out = new ArrayList<>();
    while (next(p, "Values") != JsonToken.END_ARRAY) {
      out.add(number(p, "a value"));
    }
    return out;
  }

  /** A finite number: a NaN or infinite balance would flow into forecasts as if it were data. */
  private static double number(CBORParser p, String what) throws IOException {
    JsonToken t = p.currentToken();
    if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
      throw new IOException(what + " is " + describe(t) + ", not a number");
    }
    double d = p.getDoubleValue();
    if (!Double.isFinite(d)) {
      throw new IOException(what + " is " + d);
    }
    return d;
  }

  /**
   * Reads an error body, if it is a CBOR map at all: {@code __type} and {@code message} (or {@code
   * Message}, as query-compatible services write it). Anything else is not a CloudWatch error.
   */
  static Optional<ErrorBody> error(byte[] body) {
    String type = null;
    String message = null;
    try (CBORParser p = FACTORY.createParser(body)) {
      expect(p, JsonToken.START_OBJECT, "the error");
      while (next(p, "the error") == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = next(p, name);
        switch (name) {
          case "__type" -> type = string(p, value, name);
          case "message", "Message" -> message = string(p, value, name);
          default -> p.skipChildren();
        }
      }
      requireEnd(p);
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.of(new ErrorBody(Optional.ofNullable(type), Optional.ofNullable(message)));
  }

  private static JsonToken next(CBORParser p, String within) throws IOException {
    JsonToken t = p.nextToken();
    if (t == null) {
      throw new IOException("the answer ends inside " + within);
    }
    return t;
  }

  private static void expect(CBORParser p, JsonToken wanted, String what) throws IOException {
    requireToken(next(p, what), wanted, what);
  }

  private static void requireToken(JsonToken got, JsonToken wanted, String what)
      throws IOException {
    if (got != wanted) {
      throw new IOException(what + " is " + describe(got) + ", not " + describe(wanted));
    }
  }

  private static void requireEnd(CBORParser p) throws IOException {
    if (p.nextToken() != null) {
      throw new IOException("more data after the answer");
    }
  }

  private static String string(CBORParser p, JsonToken token, String what) throws IOException {
    requireToken(token, JsonToken.VALUE_STRING, what);
    return p.getText();
  }

  private static Optional<String> optionalString(CBORParser p, JsonToken token, String what)
      throws IOException {
    return token == JsonToken.VALUE_NULL ? Optional.empty() : Optional.of(string(p, token, what));
  }

  private static String describe(JsonToken t) {
    return switch (t) {
      case START_OBJECT -> "a map";
      case START_ARRAY -> "a list";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> t.toString();
    };
  }
}
