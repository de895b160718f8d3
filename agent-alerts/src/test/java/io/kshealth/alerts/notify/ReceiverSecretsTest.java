package io.kshealth.alerts.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A receiver that echoes the secrets it was sent (or any others) in its error answer: what the
 * delivery logs and shows as {@code last_error} on {@code /api/v1/status} holds none of them. The
 * log line carries the same text as {@code last_error}.
 */
class ReceiverSecretsTest {

  private static final String ECHO =
      "{\"error\":\"upstream refused\",\n"
          + "\"request\":{\"headers\":\"Authorization: Bearer abc.def\","
          + "\"form\":\"user=ops&password=hunter2\","
          + "\"callback\":\"https://ops:s3cr3t@hooks.example.com/in\"}}";
  private static final List<String> SECRETS = List.of("abc.def", "hunter2", "s3cr3t", "t0ken");

  private LoopbackReceiver receiver;

  @BeforeEach
  void start() throws Exception {
    receiver = new LoopbackReceiver();
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  @Test
  void aServerErrorsEchoReachesNeitherLogNorStatus() throws Exception {
    receiver.answer(500, ECHO);
    DeliveryStatus status = deliverOnce(500);
    assertEquals(1, status.failed());
    assertTrue(
        status
            .lastError()
            .endsWith(
                " answered 500: {\"error\":\"upstream refused\", \"request\":"
                    + "{\"headers\":\"Authorization: ****\",\"form\":\"user=ops&password=****\","
                    + "\"callback\":\"https://****@hooks.example.com/****\"}}"),
        status.lastError());
    assertNoSecret(status);
  }

  @Test
  void aRejectionsEchoReachesNeitherLogNorStatus() throws Exception {
    receiver.answer(401, "401 for Authorization: Bearer t0ken; password=hunter2");
    DeliveryStatus status = deliverOnce(401);
    assertEquals(1, status.droppedRejected());
    assertNoSecret(status);
  }

  private DeliveryStatus deliverOnce(int answered) throws Exception {
    MutableClock clock = new MutableClock(Instant.EPOCH);
    WebhookNotifier hook =
        new WebhookNotifier(
            "hook",
            receiver.url("/in"),
            new HttpOptions(
                Duration.ofSeconds(10),
                new Credentials.Bearer("t0ken"),
                io.kshealth.core.tls.ClientTls.DEFAULT),
            0,
            "http://agent:19418");
    Outbox outbox = new Outbox("hook", Optional.empty(), 10, OutboxTest.MEMORY, false);
    outbox.add(0, List.of(Alerts.firing(Map.of("alertname", "A"), Map.of())));
    Delivery delivery =
        new Delivery(hook, outbox, Duration.ofSeconds(1), Duration.ofSeconds(3), clock, () -> 1.0);
    delivery.attempt();
    assertEquals("Bearer t0ken", receiver.single().authorization());
    return delivery.status();
  }

  private static void assertNoSecret(DeliveryStatus status) {
    String shown = status.toString();
    SECRETS.forEach(s -> assertFalse(shown.contains(s), "shows " + s + ": " + shown));
  }
}
