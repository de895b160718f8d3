package io.kshealth.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The evidence the agent captured for an alert (docs/evidence.md), as an operator reads it: the
 * alert's fingerprint from {@code /api/v1/alerts}, then {@code
 * /api/v1/alerts/{fingerprint}/evidence}.
 */
final class AlertEvidence {

  /** One capture: its kind, the collector that made it, its annotations and its whole detail. */
  record Capture(String kind, String collector, Map<?, ?> annotations, Map<?, ?> detail) {

    String annotation(String name) {
      return String.valueOf(annotations.get(name));
    }

    /** {@code threads}: whether a stream thread's frames pass through {@code frame}. */
    boolean aThreadIsIn(String frame) {
      return Json.array(detail.get("threads")).stream()
          .map(Json::object)
          .anyMatch(
              t ->
                  String.valueOf(t.get("name")).contains("-StreamThread-")
                      && Json.array(t.get("frames")).stream()
                          .anyMatch(f -> String.valueOf(f).contains(frame)));
    }

    /** {@code stopped-at}: the partitions it names, as topic-partition. */
    List<Map<?, ?>> partitions() {
      return Json.array(detail.get("partitions")).stream().map(Json::object).toList();
    }
  }

  private AlertEvidence() {}

  /** The captures of the first alert named {@code alert} on {@code /api/v1/alerts}, if any. */
  static List<Capture> of(Daemon agent, String alert) throws IOException, InterruptedException {
    Optional<String> fingerprint = fingerprint(agent, alert);
    if (fingerprint.isEmpty()) {
      return List.of();
    }
    HttpResponse<byte[]> response = agent.get("/api/v1/alerts/" + fingerprint.get() + "/evidence");
    String body = new String(response.body(), UTF_8);
    assertEquals(200, response.statusCode(), body);
    List<Capture> captures = new ArrayList<>();
    Map<?, ?> data = Json.object(Json.object(Json.parse(body)).get("data"));
    for (Object item : Json.array(data.get("captures"))) {
      Map<?, ?> c = Json.object(item);
      captures.add(
          new Capture(
              (String) c.get("kind"),
              (String) c.get("collector"),
              Json.object(c.get("annotations")),
              Json.object(c.get("detail"))));
    }
    return captures;
  }

  /** Waits (in the agent's looks) until {@code alert} has a capture of {@code kind}. */
  static Capture await(RulePackAgent agent, String alert, String kind) throws IOException {
    Capture[] found = {null};
    agent.until(
        alert + "'s " + kind + " evidence",
        l -> {
          try {
            found[0] =
                of(agent.daemon, alert).stream()
                    .filter(c -> c.kind().equals(kind))
                    .findFirst()
                    .orElse(null);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
          return found[0] != null;
        });
    return Objects.requireNonNull(found[0]);
  }

  /**
   * A stopped-at capture names the partition of each record the app stopped at ({@code injected}),
   * with the committed offset at or before the record and the record in [committed, end); and names
   * no partition of that topic where nothing was injected.
   */
  static void assertStoppedAt(Capture stoppedAt, String topic, List<RecordMetadata> injected) {
    List<Map<?, ?>> named =
        stoppedAt.partitions().stream().filter(p -> topic.equals(p.get("topic"))).toList();
    assertTrue(!named.isEmpty(), () -> "no partition of " + topic + ": " + stoppedAt.detail());
    for (Map<?, ?> p : named) {
      int partition = ((Number) p.get("partition")).intValue();
      RecordMetadata record =
          injected.stream()
              .filter(r -> r.partition() == partition)
              .findFirst()
              .orElseThrow(() -> new AssertionError("names " + topic + "-" + partition + ": " + p));
      long committed = p.get("committed") == null ? 0 : ((Number) p.get("committed")).longValue();
      long end = ((Number) p.get("end")).longValue();
      assertTrue(
          committed <= record.offset() && record.offset() < end,
          () -> "the record at " + record.offset() + " is not in [committed, end): " + p);
    }
  }

  private static Optional<String> fingerprint(Daemon agent, String alert)
      throws IOException, InterruptedException {
    Map<?, ?> root = Json.object(Json.parse(new String(agent.get("/api/v1/alerts").body(), UTF_8)));
    for (Object item : Json.array(Json.object(root.get("data")).get("alerts"))) {
      Map<?, ?> a = Json.object(item);
      if (alert.equals(Json.object(a.get("labels")).get("alertname"))) {
        return Optional.of((String) a.get("fingerprint"));
      }
    }
    return Optional.empty();
  }
}
