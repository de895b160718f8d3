package com.example.kshealth.notifier;

import io.kshealth.alerts.api.AlertMessage;
import io.kshealth.alerts.api.Notifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Appends alerts to a file, one JSON object a line: {@code {"status":"firing","labels":{...},
 * "annotations":{...},"startsAt":"...","endsAt":null}}. A failed write throws, so the agent keeps
 * the batch in its outbox and retries it.
 */
final class JsonLinesNotifier implements Notifier {

  private final String name;
  private final Path file;

  JsonLinesNotifier(String name, Path file) {
    this.name = name;
    this.file = file;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String describe() {
    return "json-lines " + file;
  }

  @Override
  public boolean resendsActive() {
    return false;
  }

  @Override
  public void send(List<AlertMessage> alerts) throws IOException {
    StringBuilder lines = new StringBuilder();
    for (AlertMessage a : alerts) {
      lines
          .append("{\"status\":")
          .append(string(a.firing() ? "firing" : "resolved"))
          .append(",\"labels\":")
          .append(object(a.labels()))
          .append(",\"annotations\":")
          .append(object(a.annotations()))
          .append(",\"startsAt\":")
          .append(string(a.startsAt().toString()))
          .append(",\"endsAt\":")
          .append(a.endedAt().map(t -> string(t.toString())).orElse("null"))
          .append("}\n");
    }
    Files.writeString(
        file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private static String object(Map<String, String> map) {
    StringBuilder json = new StringBuilder("{");
    new TreeMap<>(map)
        .forEach(
            (k, v) -> {
              json.append(json.length() > 1 ? "," : "").append(string(k)).append(':');
              json.append(string(v));
            });
    return json.append('}').toString();
  }

  /** A JSON string: quotes, backslashes and control characters escaped. */
  private static String string(String text) {
    StringBuilder json = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        json.append('\\').append(c);
      } else if (c < 0x20) {
        json.append(String.format("\\u%04x", (int) c));
      } else {
        json.append(c);
      }
    }
    return json.append('"').toString();
  }
}
