package io.kshealth.alerts.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpServer;
import io.kshealth.core.config.ConfigDocument;
import io.kshealth.core.config.ConfigError;
import io.kshealth.core.config.ConfigException;
import io.kshealth.core.config.ConfigNode;
import io.kshealth.core.testing.MutableClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each notifier against a real HTTP receiver on loopback, payloads read field by field. */
class NotifiersTest {

  record Request(String method, String path, String contentType, String auth, String body) {}

  HttpServer server;
  final List<Request> requests = new ArrayList<>();
  volatile int status = 200;
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:10:00Z"));
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          synchronized (requests) {
            requests.add(
                new Request(
                    ex.getRequestMethod(),
                    ex.getRequestURI().getPath(),
                    ex.getRequestHeaders().getFirst("Content-Type"),
                    ex.getRequestHeaders().getFirst("Authorization"),
                    body));
          }
          byte[] answer = (status == 200 ? "" : "nope").getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
          ex.getResponseBody().write(answer);
          ex.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  static AlertMessage alert(String device, boolean firing) {
    return new AlertMessage(
        Map.of("alertname", "DiskFull", "severity", "critical", "device", device),
        Map.of("summary", "disk " + device + " <full> & more", "runbook_url", "http://rb/x"),
        Instant.parse("2026-11-22T10:00:00Z"),
        firing ? Optional.empty() : Optional.of(Instant.parse("2026-11-22T10:23:00Z")),
        "http://agent:19418/api/v1/alerts");
  }

  @Test
  void alertmanagerGetsPostableAlertsWithEndsAtAhead() throws Exception {
    new AlertmanagerNotifier("am", url("/prefix/"), TIMEOUT, Duration.ofMinutes(4), clock)
        .send(List.of(alert("a", true), alert("b", false)));
    Request r = requests.get(0);
    assertEquals("POST", r.method());
    assertEquals("/prefix/api/v2/alerts", r.path());
    assertEquals("application/json", r.contentType());
    List<Object> body = JSON.std.listFrom(r.body());
    Map<?, ?> firing = (Map<?, ?>) body.get(0);
    assertEquals(
        Map.of("alertname", "DiskFull", "severity", "critical", "device", "a"),
        firing.get("labels"));
    assertEquals("2026-11-22T10:00:00Z", firing.get("startsAt"));
    assertEquals("2026-11-22T10:14:00Z", firing.get("endsAt"));
    assertEquals("http://agent:19418/api/v1/alerts", firing.get("generatorURL"));
    assertEquals("2026-11-22T10:23:00Z", ((Map<?, ?>) body.get(1)).get("endsAt"));
  }

  @Test
  void webhookGetsAlertmanagersVersion4PayloadPerAlertName() throws Exception {
    AlertMessage other =
        new AlertMessage(
            Map.of("alertname", "Other", "severity", "info"),
            Map.of(),
            Instant.parse("2026-11-22T10:00:00Z"),
            Optional.empty(),
            "g");
    new WebhookNotifier(
            "hook", url("/hook"), TIMEOUT, Optional.of("s3cret"), 1, "http://agent:19418")
        .send(List.of(alert("a", true), alert("b", false), other));
    assertEquals(2, requests.size(), "one message per alert name");
    Request r = requests.get(0);
    assertEquals("Bearer s3cret", r.auth());
    Map<String, Object> p = JSON.std.mapFrom(r.body());
    assertEquals("4", p.get("version"));
    assertEquals("{}:{alertname=\"DiskFull\"}", p.get("groupKey"));
    assertEquals("firing", p.get("status"));
    assertEquals("hook", p.get("receiver"));
    assertEquals(Map.of("alertname", "DiskFull"), p.get("groupLabels"));
    assertEquals(Map.of("alertname", "DiskFull", "severity", "critical"), p.get("commonLabels"));
    assertEquals(Map.of("runbook_url", "http://rb/x"), p.get("commonAnnotations"));
    assertEquals("http://agent:19418", p.get("externalURL"));
    assertEquals(1, p.get("truncatedAlerts"), "max-alerts 1 of 2");
    Map<?, ?> a = (Map<?, ?>) ((List<?>) p.get("alerts")).get(0);
    assertEquals("firing", a.get("status"));
    assertEquals("0001-01-01T00:00:00Z", a.get("endsAt"));
    assertEquals(Fingerprint.of(alert("a", true).labels()), a.get("fingerprint"));
    Map<String, Object> second = JSON.std.mapFrom(requests.get(1).body());
    assertEquals("{}:{alertname=\"Other\"}", second.get("groupKey"));
    assertEquals(Map.of(), second.get("commonAnnotations"));
  }

  @Test
  void slackGetsAReadableEscapedMessage() throws Exception {
    new SlackNotifier("slack", url("/services/T/B/xyz"), TIMEOUT)
        .send(List.of(alert("a", true), alert("b", false)));
    String text = (String) JSON.std.mapFrom(requests.get(0).body()).get("text");
    assertTrue(
        text.startsWith(
            ":fire: *FIRING* `DiskFull` · critical\ndisk a &lt;full&gt; &amp; more\ndevice=a\n<http://rb/x|runbook>"),
        text);
    assertTrue(
        text.contains(":white_check_mark: *RESOLVED* `DiskFull` after 23m · critical"), text);
  }

  @Test
  void statusCodesDecideBetweenRetryAndDrop() {
    WebhookNotifier hook =
        new WebhookNotifier("hook", url("/hook"), TIMEOUT, Optional.empty(), 0, "x");
    status = 400;
    IOException rejected =
        assertThrows(IOException.class, () -> hook.send(List.of(alert("a", true))));
    assertInstanceOf(Notifier.RejectedException.class, rejected);
    assertTrue(rejected.getMessage().contains("400: nope"), rejected.getMessage());
    for (int code : new int[] {429, 503}) {
      status = code;
      IOException retry =
          assertThrows(IOException.class, () -> hook.send(List.of(alert("a", true))));
      assertFalse(retry instanceof Notifier.RejectedException, code + " is retried");
    }
    server.stop(0);
    IOException refused =
        assertThrows(IOException.class, () -> hook.send(List.of(alert("a", true))));
    assertFalse(refused instanceof Notifier.RejectedException);
  }

  @Test
  void fingerprintsAreAlertmanagers() {
    // FNV-1a 64 offset basis for no labels; {a="b"} worked by hand: bytes 'a',0xff,'b',0xff.
    assertEquals("cbf29ce484222325", Fingerprint.of(Map.of()));
    long h = 0xcbf29ce484222325L;
    for (int b : new int[] {'a', 0xff, 'b', 0xff}) {
      h = (h ^ b) * 0x100000001b3L;
    }
    assertEquals(String.format("%016x", h), Fingerprint.of(Map.of("a", "b")));
    assertEquals(
        Fingerprint.of(Map.of("x", "1", "y", "2")), Fingerprint.of(Map.of("y", "2", "x", "1")));
  }

  @Test
  void configErrorsSayWhereAndSecretsStayMasked(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("n.yaml");
    Files.writeString(
        file,
        """
        notifiers:
          am: {type: alertmanager, urls: ["http://am-0:9093", "http://am-1:9093"]}
          slack: {type: slack, url: "https://hooks.slack.com/services/T0/B0/secret"}
          hook: {type: webhook}
          bad: {type: webhook, url: "ftp://x/y"}
          odd: {type: pager}
          log: {type: log, tiemout: 1s}
        """);
    ConfigDocument doc = ConfigDocument.read(file, System::getenv);
    ConfigNode root = doc.root();
    List<NotifierSettings> parsed = NotifierSettings.parse(root.map("notifiers"));
    ConfigException e = assertThrows(ConfigException.class, doc::throwIfErrors);
    String all = String.join("\n", e.errors().stream().map(ConfigError::format).toList());
    assertTrue(all.contains("n.yaml:4:9: notifiers.hook.url: missing 'url'"), all);
    assertTrue(all.contains("n.yaml:5:29: notifiers.bad.url: a URL is not an absolute http"), all);
    assertTrue(all.contains("n.yaml:6:15: notifiers.odd.type: invalid value 'pager'"), all);
    assertTrue(all.contains("n.yaml:7:20: notifiers.log.tiemout: unknown key 'tiemout'"), all);
    assertFalse(all.contains("ftp://x/y"), "a URL that may hold a secret is not echoed");
    NotifierSettings slack =
        parsed.stream().filter(n -> n.name().equals("slack")).findFirst().orElseThrow();
    assertEquals("slack (slack https://hooks.slack.com/****)", slack.describe());
    NotifierSettings am = parsed.get(0);
    List<Notifier> replicas = am.create("x", Duration.ofMinutes(4), clock);
    assertEquals(List.of("am-1", "am-2"), replicas.stream().map(Notifier::name).toList());
    assertEquals("alertmanager http://am-1:9093/api/v2/alerts", replicas.get(1).describe());
  }
}
