package io.kshealth.collectors.ebs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.thirdparty.jackson.core.JsonToken;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORFactory;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORGenerator;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORParser;

/**
 * CBOR as Smithy RPC v2 uses it, for the fake: maps, arrays, strings, numbers, and timestamps as
 * tag 1 around epoch seconds (read into and written from {@link Instant}). It rides on the CBOR
 * codec the SDK itself ships (shaded Jackson), so the fake adds no jar.
 */
final class CloudWatchCbor {

  private static final int EPOCH_SECONDS_TAG = 1;
  private static final CBORFactory FACTORY = new CBORFactory();

  private CloudWatchCbor() {}

  /** The document: a map, list, String, Long, Double, Boolean or Instant (for tag 1). */
  static Object read(byte[] bytes) throws IOException {
    try (CBORParser p = FACTORY.createParser(bytes)) {
      p.nextToken();
      return value(p);
    }
  }

  private static Object value(CBORParser p) throws IOException {
    int tag = p.getCurrentTag();
    JsonToken token = p.currentToken();
    Object v =
        switch (token) {
          case START_OBJECT -> {
            Map<String, Object> map = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String name = p.currentName();
              p.nextToken();
              map.put(name, value(p));
            }
            yield map;
          }
          case START_ARRAY -> {
            List<Object> list = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
              list.add(value(p));
            }
            yield list;
          }
          case VALUE_STRING -> p.getText();
          case VALUE_NUMBER_INT -> p.getLongValue();
          case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
          case VALUE_TRUE, VALUE_FALSE -> p.getBooleanValue();
          default -> throw new IOException("unexpected CBOR token " + token);
        };
    if (tag == EPOCH_SECONDS_TAG) {
      if (!(v instanceof Number n)) {
        throw new IOException("tag 1 around " + v + ", not a number of seconds");
      }
      return Instant.ofEpochMilli(Math.round(n.doubleValue() * 1000));
    }
    if (tag != -1) {
      throw new IOException("unexpected CBOR tag " + tag);
    }
    return v;
  }

  static byte[] write(Object document) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CBORGenerator g = FACTORY.createGenerator(out)) {
      write(g, document);
    }
    return out.toByteArray();
  }

  private static void write(CBORGenerator g, Object v) throws IOException {
    if (v instanceof Map<?, ?> map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        g.writeFieldName((String) e.getKey());
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof List<?> list) {
      g.writeStartArray();
      for (Object o : list) {
        write(g, o);
      }
      g.writeEndArray();
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Instant t) {
      g.writeTag(EPOCH_SECONDS_TAG);
      // Whole seconds as an integer, as the SDK writes them; a fraction as a double.
      if (t.getNano() == 0) {
        g.writeNumber(t.getEpochSecond());
      } else {
        g.writeNumber(t.toEpochMilli() / 1000d);
      }
    } else if (v instanceof Double d) {
      g.writeNumber(d);
    } else if (v instanceof Number n) {
      g.writeNumber(n.longValue());
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else {
      throw new IOException("cannot write " + v + " as CBOR");
    }
  }
}
