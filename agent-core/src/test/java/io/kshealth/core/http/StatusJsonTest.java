package io.kshealth.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kshealth.api.Sample;
import io.kshealth.core.extension.Extension;
import io.kshealth.core.schedule.Deadline;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class StatusJsonTest {

  /** An extension's section is a tree of plain values; the agent writes it as JSON, in order. */
  @Test
  void writesAnExtensionsStatusTreeAsJson() throws Exception {
    Map<String, @Nullable Object> tree = new LinkedHashMap<>();
    tree.put("interval", "1m");
    tree.put("rules", 3);
    tree.put("ratio", 0.5);
    tree.put("ok", true);
    tree.put("last_error", null);
    tree.put("files", List.of("a.yaml", "b \"quoted\".yaml"));
    tree.put("alerts", Map.of("firing", 2L));
    AgentStatus status =
        new AgentStatus(
            "1.0", 0, 1000, 1000, List.of(), 0, 0, 0, 0, Map.of("alerting", extension(tree)));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StatusJson.write(status, out);
    String json = out.toString(StandardCharsets.UTF_8).replaceAll("\\s+", "");

    String section = json.substring(json.indexOf("\"alerting\":"), json.length() - 1);
    assertEquals(
        "\"alerting\":{\"interval\":\"1m\",\"rules\":3,\"ratio\":0.5,\"ok\":true,\"last_error\":null,"
            + "\"files\":[\"a.yaml\",\"b\\\"quoted\\\".yaml\"],\"alerts\":{\"firing\":2}}",
        section);
  }

  private static Extension extension(Map<String, @Nullable Object> status) {
    return new Extension() {
      @Override
      public Collection<Sample> samples() {
        return List.of();
      }

      @Override
      public Map<String, HttpRoute> routes() {
        return Map.of();
      }

      @Override
      public Map<String, @Nullable Object> status() {
        return status;
      }

      @Override
      public ReloadOutcome reload() {
        return new ReloadOutcome(true, "");
      }

      @Override
      public void close(Deadline deadline) {}
    };
  }
}
