package io.kshealth.core.http.page;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * An area's fact as words: numbers by the unit their key names ({@code time_lag_seconds} as {@code
 * 2m 05s}), lists joined, a Streams client as {@code app-1: RUNNING for 5m 00s, threads 2/2}. The
 * text is plain; the page escapes it.
 */
final class FactText {

  private FactText() {}

  /** The fact's name for a person: {@code time_lag_seconds} as {@code time lag}. */
  static String name(String key) {
    String bare = key;
    for (String unit : List.of("_bytes_per_second", "_bytes", "_seconds", "_ratio")) {
      if (bare.endsWith(unit)) {
        bare = bare.substring(0, bare.length() - unit.length());
        break;
      }
    }
    return bare.replace('_', ' ');
  }

  static String value(String key, @Nullable Object value) {
    if (value == null) {
      return "-";
    }
    if (value instanceof Number n) {
      return HumanUnits.byName(key, n.doubleValue());
    }
    if (value instanceof Map<?, ?> client) {
      return client(client);
    }
    if (value instanceof List<?> list) {
      if (list.isEmpty()) {
        return "none";
      }
      StringJoiner joined = new StringJoiner("; ");
      list.forEach(item -> joined.add(value(key, item)));
      return joined.toString();
    }
    return value.toString();
  }

  private static String client(Map<?, ?> c) {
    StringBuilder out = new StringBuilder();
    out.append(c.get("client_id")).append(": ").append(c.get("state"));
    if (c.get("state_seconds") instanceof Number s) {
      out.append(" for ").append(HumanUnits.seconds(s.doubleValue()));
    }
    if (c.get("threads_alive") instanceof Number alive) {
      out.append(", threads ").append(HumanUnits.plain(alive.doubleValue()));
      if (c.get("threads_expected") instanceof Number expected) {
        out.append('/').append(HumanUnits.plain(expected.doubleValue()));
      }
    }
    return out.toString();
  }
}
