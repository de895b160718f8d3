package io.kshealth.alerts.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.kshealth.alerts.api.AlertMessage;
import io.kshealth.core.testing.MutableClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What an Alertmanager replica's {@code POST /api/v2/alerts} receives. */
class AlertmanagerNotifierTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:10:00Z"));
  private LoopbackReceiver am;

  @BeforeEach
  void start() throws Exception {
    am = new LoopbackReceiver();
  }

  @AfterEach
  void stop() {
    am.close();
  }

  private AlertmanagerNotifier notifier(URI base) {
    return new AlertmanagerNotifier(
        "am", base, HttpOptions.plain(TIMEOUT), Duration.ofMinutes(4), clock);
  }

  @Test
  void postsAnArrayOfPostableAlerts() throws Exception {
    notifier(am.url(""))
        .send(
            List.of(
                Alerts.firing(Alerts.ebs("vol-1"), Alerts.ebsAnnotations("vol-1")),
                Alerts.resolved(Alerts.ebs("vol-2"), Map.of())));

    LoopbackReceiver.Request r = am.single();
    assertEquals("POST", r.method());
    assertEquals("/api/v2/alerts", r.path());
    assertEquals("application/json", r.contentType());
    List<Object> body = JSON.std.listFrom(r.body());
    assertEquals(2, body.size());

    Map<?, ?> firing = (Map<?, ?>) body.get(0);
    assertEquals(
        Map.of(
            "labels",
            Alerts.ebs("vol-1"),
            "annotations",
            Alerts.ebsAnnotations("vol-1"),
            "startsAt",
            "2026-11-22T10:00:00.250Z",
            "endsAt",
            "2026-11-22T10:14:00.000Z",
            "generatorURL",
            Alerts.GENERATOR),
        firing,
        "a firing alert ends validFor after it is sent, in RFC 3339 with milliseconds");

    Map<?, ?> resolved = (Map<?, ?>) body.get(1);
    assertEquals("2026-11-22T10:23:00.250Z", resolved.get("endsAt"), "ends when it resolved");
    assertEquals(Map.of(), resolved.get("annotations"));
  }

  @Test
  void firingAlertsAreValidFromEachSend() throws Exception {
    AlertmanagerNotifier notifier = notifier(am.url(""));
    AlertMessage firing = Alerts.firing(Alerts.ebs("vol-1"), Map.of());
    notifier.send(List.of(firing));
    clock.advance(Duration.ofMinutes(1));
    notifier.send(List.of(firing));

    List<String> endsAt = new ArrayList<>();
    for (LoopbackReceiver.Request r : am.requests()) {
      endsAt.add((String) ((Map<?, ?>) JSON.std.listFrom(r.body()).get(0)).get("endsAt"));
    }
    assertEquals(List.of("2026-11-22T10:14:00.000Z", "2026-11-22T10:15:00.000Z"), endsAt);
  }

  @Test
  void keepsAPathPrefixAndSendsUserInfoAsBasicAuth() throws Exception {
    URI base = am.url("/alertmanager/");
    URI withUser = URI.create(base.toString().replace("http://", "http://ops:s3cret@"));
    AlertmanagerNotifier notifier = notifier(withUser);
    notifier.send(List.of(Alerts.firing(Alerts.ebs("vol-1"), Map.of())));

    LoopbackReceiver.Request r = am.single();
    assertEquals("/alertmanager/api/v2/alerts", r.path());
    String expected =
        "Basic "
            + Base64.getEncoder().encodeToString("ops:s3cret".getBytes(StandardCharsets.UTF_8));
    assertEquals(expected, r.authorization());
    assertEquals(
        "alertmanager http://127.0.0.1:" + base.getPort() + "/alertmanager/api/v2/alerts",
        notifier.describe(),
        "the path is shown, the password is not");
  }

  @Test
  void resendsEveryActiveAlert() {
    assertTrue(notifier(am.url("")).resendsActive());
  }
}
