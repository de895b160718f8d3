package io.kshealth.alerts;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.kshealth.alerts.expr.SeriesSource;
import io.kshealth.alerts.notify.NotifierFactories;
import io.kshealth.alerts.rules.RuleSet;
import io.kshealth.api.Evidence;
import io.kshealth.api.EvidenceSource;
import io.kshealth.api.Labels;
import io.kshealth.api.Sample;
import io.kshealth.core.config.ConfigDocument;
import io.kshealth.core.config.ConfigNode;
import io.kshealth.core.config.HistoryConfig;
import io.kshealth.core.config.HttpConfig;
import io.kshealth.core.extension.ExtensionContext;
import io.kshealth.core.health.AlertReason;
import io.kshealth.core.history.HistoryStore;
import io.kshealth.core.history.SeriesPoints;
import io.kshealth.core.http.AgentHttpServer;
import io.kshealth.core.http.HttpSecurity;
import io.kshealth.core.io.DataDirHealth;
import io.kshealth.core.schedule.Deadline;
import io.kshealth.core.testing.MutableClock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Evidence as the agent runs it: a rule that asks for it goes pending, the capture runs beside the
 * evaluation, and the evidence shows in /api/v1/alerts, at /api/v1/alerts/{fingerprint}/evidence
 * (behind the auth, over the real HTTP server), in the verdict's alerts and in the log line; a
 * capture that blocks leaves the alert as it would have been.
 */
class AlertingEvidenceTest {

  static final String AUTH = "Basic b3BzOnNlY3JldA==";

  @TempDir Path dir;

  final MutableClock clock = new MutableClock();
  final CountDownLatch release = new CountDownLatch(1);
  final ListAppender<ILoggingEvent> log = new ListAppender<>();
  final Logger alertsLog = (Logger) LoggerFactory.getLogger("io.kshealth.alerts");
  final HttpClient http = HttpClient.newHttpClient();
  @Nullable AgentHttpServer server;
  @Nullable Alerting alerting;

  final SeriesSource series =
      metric ->
          Map.of(
              Labels.of("client_id", "app-1"),
              new SeriesPoints(new long[] {clock.millis()}, new double[] {9}));

  final EvidenceSource threads =
      request ->
          List.of(
              new Evidence(
                  Evidence.THREADS,
                  clock.millis(),
                  Map.of(
                      "stuck_thread", "app-1-StreamThread-1 BLOCKED on java.lang.Object@1a2b",
                      "stuck_frames",
                          "at com.example.SlowProcessor.process(SlowProcessor.java:42)"),
                  "{\"threads\":[{\"name\":\"app-1-StreamThread-1\",\"state\":\"BLOCKED\"}]}"));

  final EvidenceSource blocking =
      request -> {
        release.await();
        return List.of();
      };

  @AfterEach
  void stop() {
    release.countDown();
    alertsLog.detachAppender(log);
    if (server != null) {
      server.close();
    }
    if (alerting != null) {
      alerting.close(Deadline.in(Duration.ofSeconds(1)));
    }
  }

  Alerting start(Map<String, EvidenceSource> sources, String evidenceSection) throws Exception {
    Files.writeString(
        dir.resolve("r.yaml"),
        """
        groups:
        - name: streams
          rules:
          - alert: StreamThreadStuck
            series: stuck
            expr: value > 5.0
            for: 1m
            labels: {severity: warning}
            annotations: {summary: "client {{ labels.client_id }} is stuck"}
            evidence: [threads]
        """);
    Path config =
        Files.writeString(
            dir.resolve("kshealth.yaml"),
            "alerting:\n  rules: [r.yaml]\n  external-labels: {instance: host-1}\n"
                + "  notifiers: {ops-log: {type: log}}\n"
                + evidenceSection);
    ConfigDocument doc = ConfigDocument.read(config, name -> null);
    ConfigNode root = doc.root();
    AlertingSettings settings =
        AlertingSettings.parse(root.map("alerting"), dir, NotifierFactories.builtIn());
    root.finish();
    doc.throwIfErrors();
    HistoryStore history =
        new HistoryStore(
            new HistoryConfig(
                Duration.ofMinutes(30), 100, Duration.ofMinutes(5), Optional.empty(), 1 << 20),
            clock);
    ExtensionContext context =
        new ExtensionContext(
            clock,
            history,
            Optional.of(dir),
            "http://127.0.0.1:1",
            List::of,
            DataDirHealth.probe(dir),
            sources);
    alerting = new Alerting(settings, context, series, () -> RuleSet.EMPTY);
    return alerting;
  }

  /** The agent's server with a basic-auth check on every path but the probes', as web.yml does. */
  void serve(Alerting alerting) throws Exception {
    HttpSecurity auth =
        new HttpSecurity() {
          @Override
          public @Nullable SSLContext sslContext() {
            return null;
          }

          @Override
          public boolean authorized(String path, String authorization) {
            return HttpConfig.DEFAULT_AUTH_EXEMPT.contains(path) || AUTH.equals(authorization);
          }
        };
    server = new AgentHttpServer(new HttpConfig("127.0.0.1", 0), auth, new PrometheusRegistry());
    alerting.routes().forEach(server::route);
    server.start();
  }

  HttpResponse<String> get(String path, boolean authorized) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    if (authorized) {
      request.header("Authorization", AUTH);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static double sample(Alerting alerting, String name, String kind, String result) {
    return alerting.samples().stream()
        .filter(s -> s.metric().name().equals(name))
        .filter(s -> kind == null || kind.equals(s.labels().get("kind")))
        .filter(s -> result == null || result.equals(s.labels().get("result")))
        .mapToDouble(Sample::value)
        .sum();
  }

  @Test
  void theEvidenceOfAPendingAlertShowsEverywhereTheAlertDoes() throws Exception {
    Alerting alerting = start(Map.of("streams", threads), "");
    alerting.evaluate();
    await()
        .until(
            () -> sample(alerting, "kshealth_evidence_captures_total", "threads", "captured") == 1);
    assertTrue(sample(alerting, "kshealth_evidence_stored_bytes", null, null) > 100);

    AlertReason reason = alerting.activeAlerts().get(0);
    assertFalse(reason.firing());
    assertEquals(
        "app-1-StreamThread-1 BLOCKED on java.lang.Object@1a2b",
        reason.evidence().get("stuck_thread"));

    serve(alerting);
    String fingerprint =
        alerting.fingerprint(
            Labels.of("alertname", "StreamThreadStuck", "client_id", "app-1")
                .and("severity", "warning"));
    HttpResponse<String> alerts = get("/api/v1/alerts", true);
    assertEquals(200, alerts.statusCode());
    String body = alerts.body();
    assertTrue(body.contains("\"fingerprint\" : \"" + fingerprint + "\""), body);
    assertTrue(body.contains("\"kind\" : \"threads\""), body);
    assertTrue(body.contains("\"collector\" : \"streams\""), body);
    assertTrue(body.contains("SlowProcessor.java:42"), body);
    assertFalse(body.contains("\"detail\""), "the list shows no detail: " + body);

    HttpResponse<String> full = get("/api/v1/alerts/" + fingerprint + "/evidence", true);
    assertEquals(200, full.statusCode(), full.body());
    assertTrue(
        full.body().contains("\"detail\" : {\"threads\":[{\"name\":\"app-1-StreamThread-1\""),
        full.body());
    assertEquals(401, get("/api/v1/alerts/" + fingerprint + "/evidence", false).statusCode());
    assertEquals(404, get("/api/v1/alerts/0123456789abcdef/evidence", true).statusCode());

    // Fires after its for; the log line names the stuck thread.
    alertsLog.addAppender(log);
    log.start();
    clock.advance(Duration.ofMinutes(1));
    alerting.evaluate();
    await()
        .until(
            () ->
                log.list.stream()
                    .anyMatch(
                        e ->
                            e.getFormattedMessage()
                                .contains(
                                    "stuck_thread=app-1-StreamThread-1 BLOCKED on"
                                        + " java.lang.Object@1a2b")));
  }

  @Test
  void oddPathsUnderTheAlertsAreNotFoundOrBadNeverATrace() throws Exception {
    Alerting alerting = start(Map.of("streams", threads), "");
    alerting.evaluate();
    serve(alerting);
    for (String path :
        List.of(
            "/api/v1/alerts/",
            "/api/v1/alerts/evidence",
            "/api/v1/alerts/../../../etc/passwd",
            "/api/v1/alerts/..%2F..%2Fetc%2Fpasswd/evidence",
            "/api/v1/alerts/0123456789abcdef%2Fevidence",
            "/api/v1/alerts/0123456789ABCDEF/evidence",
            "/api/v1/alerts/zzzzzzzzzzzzzzzz/evidence",
            "/api/v1/alerts/0123456789abcdef/evidence/more",
            "/api/v1/alerts/0123456789abcdef0/evidence",
            "/api/v1/alerts/%00/evidence",
            "/api/v1/alerts/" + "a".repeat(4000) + "/evidence")) {
      HttpResponse<String> r = get(path, true);
      assertTrue(Set.of(400, 404, 414, 431).contains(r.statusCode()), path + ": " + r.statusCode());
      assertFalse(r.body().contains("Exception") || r.body().contains("\tat "), r.body());
    }
  }

  @Test
  void aCaptureThatBlocksIsCountedAndTheAlertFiresOnTimeWithoutIt() throws Exception {
    Alerting alerting =
        start(Map.of("streams", blocking), "  evidence: {timeout: 200ms, min-interval: 1m}\n");
    alerting.evaluate();
    clock.advance(Duration.ofMinutes(1));
    alerting.evaluate();
    AlertReason reason = alerting.activeAlerts().get(0);
    assertTrue(reason.firing(), "the for of 1m ended, capture or not");
    await()
        .until(
            () -> sample(alerting, "kshealth_evidence_captures_total", "threads", "timeout") == 1);
    assertEquals(Map.of(), alerting.activeAlerts().get(0).evidence());
  }
}
