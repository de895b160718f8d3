package io.kshealth.alerts.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.jr.ob.JSON;
import io.kshealth.alerts.api.AlertMessage;
import io.kshealth.api.Evidence;
import io.kshealth.core.tls.ClientTls;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a receiver written for Alertmanager's webhook (payload version 4) gets. */
class WebhookNotifierTest {

  private static final String EXTERNAL_URL = "http://agent:19418";
  private LoopbackReceiver receiver;

  @BeforeEach
  void start() throws Exception {
    receiver = new LoopbackReceiver();
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  private WebhookNotifier notifier(Optional<String> token, int maxAlerts) {
    return new WebhookNotifier(
        "ops-hook",
        receiver.url("/hooks/alerts"),
        new HttpOptions(
            Duration.ofSeconds(10),
            token.<Credentials>map(Credentials.Bearer::new).orElse(new Credentials.None()),
            ClientTls.DEFAULT),
        maxAlerts,
        EXTERNAL_URL);
  }

  private Map<String, Object> payload(int request) throws Exception {
    return JSON.std.mapFrom(receiver.requests().get(request).body());
  }

  @Test
  void sendsAlertmanagersVersion4Payload() throws Exception {
    AlertMessage vol1 = Alerts.firing(Alerts.ebs("vol-1"), Alerts.ebsAnnotations("vol-1"));
    AlertMessage vol2 = Alerts.resolved(Alerts.ebs("vol-2"), Alerts.ebsAnnotations("vol-2"));
    notifier(Optional.empty(), 0).send(List.of(vol1, vol2));

    LoopbackReceiver.Request r = receiver.single();
    assertEquals("POST", r.method());
    assertEquals("/hooks/alerts", r.path());
    assertEquals("application/json", r.contentType());
    assertEquals(null, r.authorization());
    Map<String, Object> p = payload(0);
    assertEquals(
        Set.of(
            "receiver",
            "status",
            "alerts",
            "groupLabels",
            "commonLabels",
            "commonAnnotations",
            "externalURL",
            "version",
            "groupKey",
            "truncatedAlerts"),
        p.keySet());
    assertEquals("ops-hook", p.get("receiver"));
    assertEquals("firing", p.get("status"), "firing while any alert of the message fires");
    assertEquals("4", p.get("version"));
    assertEquals("{}:{alertname=\"EbsBurstCreditsRunningOut\"}", p.get("groupKey"));
    assertEquals(Map.of("alertname", "EbsBurstCreditsRunningOut"), p.get("groupLabels"));
    assertEquals(
        Map.of("alertname", "EbsBurstCreditsRunningOut", "severity", "critical"),
        p.get("commonLabels"),
        "the volume differs, so it is not common");
    assertEquals(
        Map.of("runbook_url", "https://runbooks.example.com/ebs"), p.get("commonAnnotations"));
    assertEquals(EXTERNAL_URL, p.get("externalURL"));
    assertEquals(0, p.get("truncatedAlerts"));

    List<?> alerts = (List<?>) p.get("alerts");
    assertEquals(
        Map.of(
            "status",
            "firing",
            "labels",
            Alerts.ebs("vol-1"),
            "annotations",
            Alerts.ebsAnnotations("vol-1"),
            "startsAt",
            "2026-11-22T10:00:00.250Z",
            "endsAt",
            "0001-01-01T00:00:00Z",
            "generatorURL",
            Alerts.GENERATOR,
            "fingerprint",
            Fingerprint.of(Alerts.ebs("vol-1"))),
        alerts.get(0));
    Map<?, ?> resolved = (Map<?, ?>) alerts.get(1);
    assertEquals("resolved", resolved.get("status"));
    assertEquals("2026-11-22T10:23:00.250Z", resolved.get("endsAt"));
    assertEquals(Fingerprint.of(Alerts.ebs("vol-2")), resolved.get("fingerprint"));
  }

  @Test
  void evidenceAnnotationsAtTheirBoundReachTheReceiverWhole() throws Exception {
    Map<String, String> annotations = new java.util.HashMap<>(Alerts.ebsAnnotations("vol-1"));
    Evidence threads =
        new Evidence(
            Evidence.THREADS,
            0,
            Map.of(
                "stuck_thread", "app-StreamThread-1 BLOCKED ✓".repeat(100),
                "stuck_frames", "at com.example.Slow.process(Slow.java:42)\n".repeat(100)),
            "{}");
    annotations.putAll(threads.annotations());
    notifier(Optional.empty(), 0).send(List.of(Alerts.firing(Alerts.ebs("vol-1"), annotations)));

    @SuppressWarnings("unchecked")
    Map<String, Object> alert = ((List<Map<String, Object>>) payload(0).get("alerts")).get(0);
    @SuppressWarnings("unchecked")
    Map<String, String> received = (Map<String, String>) alert.get("annotations");
    for (String key : List.of("stuck_thread", "stuck_frames")) {
      assertEquals(threads.annotations().get(key), received.get(key));
      assertEquals(Evidence.MAX_ANNOTATION_CHARS, received.get(key).length());
    }
  }

  @Test
  void postsOneMessagePerAlertName() throws Exception {
    AlertMessage ebs = Alerts.resolved(Alerts.ebs("vol-1"), Map.of());
    AlertMessage lag =
        Alerts.firing(Map.of("alertname", "ConsumerLag", "severity", "warning"), Map.of());
    notifier(Optional.empty(), 0).send(List.of(ebs, lag));

    assertEquals(2, receiver.requests().size());
    Map<String, Object> first = payload(0);
    assertEquals("{}:{alertname=\"EbsBurstCreditsRunningOut\"}", first.get("groupKey"));
    assertEquals("resolved", first.get("status"), "every alert of this message resolved");
    Map<String, Object> second = payload(1);
    assertEquals("{}:{alertname=\"ConsumerLag\"}", second.get("groupKey"));
    assertEquals(
        Map.of("alertname", "ConsumerLag", "severity", "warning"), second.get("commonLabels"));
    assertEquals(Map.of(), second.get("commonAnnotations"));
  }

  @Test
  void maxAlertsCutsTheMessageAndCountsTheRest() throws Exception {
    notifier(Optional.empty(), 2)
        .send(
            List.of(
                Alerts.resolved(Alerts.ebs("vol-1"), Map.of()),
                Alerts.resolved(Alerts.ebs("vol-2"), Map.of()),
                Alerts.firing(Alerts.ebs("vol-3"), Map.of())));

    Map<String, Object> p = payload(0);
    List<?> alerts = (List<?>) p.get("alerts");
    assertEquals(2, alerts.size());
    assertEquals(1, p.get("truncatedAlerts"));
    // As in Alertmanager, the status is that of the alerts the message carries.
    assertEquals("resolved", p.get("status"));
  }

  @Test
  void sendsTheBearerTokenAndNeverShowsIt() throws Exception {
    WebhookNotifier notifier = notifier(Optional.of("t0ken-value"), 0);
    notifier.send(List.of(Alerts.firing(Alerts.ebs("vol-1"), Map.of())));

    assertEquals("Bearer t0ken-value", receiver.single().authorization());
    String port = String.valueOf(receiver.url("").getPort());
    assertEquals("webhook http://127.0.0.1:" + port + "/**** (bearer ****)", notifier.describe());
    assertFalse(notifier.resendsActive());
  }
}
