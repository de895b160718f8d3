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
import java.util.function.Predicate;
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

  /** The captures of every alert named {@code alert} on {@code /api/v1/alerts}. */
  static List<Capture> of(Daemon agent, String alert) throws IOException, InterruptedException {
    List<Capture> captures = new ArrayList<>();
    for (String fingerprint : fingerprints(agent, alert)) {
      captures.addAll(captures(agent, fingerprint));
    }
    return captures;
  }

  private static List<Capture> captures(Daemon agent, String fingerprint)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> response = agent.get("/api/v1/alerts/" + fingerprint + "/evidence");
    String body = new String(response.body(), UTF_8);
    if (response.statusCode() == 404) {
      return List.of(); // a pending alert that ended between the two requests
    }
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
    return await(agent, List.of(alert), kind, c -> true);
  }

  /**
   * Waits (in the agent's looks) until one of {@code alerts} has a capture of {@code kind} that
   * {@code matches}.
   */
  static Capture await(
      RulePackAgent agent, List<String> alerts, String kind, Predicate<Capture> matches)
      throws IOException {
    Capture[] found = {null};
    agent.until(
        alerts + "' " + kind + " evidence",
        l -> {
          try {
            List<Capture> all = new ArrayList<>();
            for (String alert : alerts) {
              all.addAll(of(agent.daemon, alert));
            }
            found[0] =
                all.stream()
                    .filter(c -> c.kind().equals(kind) && matches.test(c))
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
   * with the committed offset at or before the record and the record in [committed, end). (For a
   * client that is gone it names every partition it owned with records waiting: the injected one
   * among them.)
   */
  static void assertStoppedAt(Capture stoppedAt, String topic, List<RecordMetadata> injected) {
    for (RecordMetadata record : injected) {
      Map<?, ?> p =
          stoppedAt.partitions().stream()
              .filter(
                  named ->
                      topic.equals(named.get("topic"))
                          && ((Number) named.get("partition")).intValue() == record.partition())
              .findFirst()
              .orElseThrow(
                  () ->
                      new AssertionError(
                          "does not name " + topic + "-" + record.partition() + ": " + stoppedAt));
      long committed = p.get("committed") == null ? 0 : ((Number) p.get("committed")).longValue();
      long end = ((Number) p.get("end")).longValue();
      assertTrue(
          committed <= record.offset() && record.offset() < end,
          () -> "the record at " + record.offset() + " is not in [committed, end): " + p);
    }
  }

  private static List<String> fingerprints(Daemon agent, String alert)
      throws IOException, InterruptedException {
    Map<?, ?> root = Json.object(Json.parse(new String(agent.get("/api/v1/alerts").body(), UTF_8)));
    List<String> fingerprints = new ArrayList<>();
    for (Object item : Json.array(Json.object(root.get("data")).get("alerts"))) {
      Map<?, ?> a = Json.object(item);
      if (alert.equals(Json.object(a.get("labels")).get("alertname"))) {
        fingerprints.add((String) a.get("fingerprint"));
      }
    }
    return fingerprints;
  }
}
