package io.kshealth.core.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.core.config.HttpConfig;
import io.kshealth.core.config.HttpLimits;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server's limits, each as a client would meet it, on a real socket. */
class AgentHttpServerTest {

  private static final Duration READ_TIMEOUT = Duration.ofMillis(500);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final HttpClient http = HttpClient.newHttpClient();
  private AgentHttpServer server;

  @BeforeEach
  void start() throws IOException {
    HttpConfig config =
        new HttpConfig(
            "127.0.0.1",
            0,
            new HttpLimits(
                HttpLimits.DEFAULTS.backlog(),
                READ_TIMEOUT,
                Duration.ofSeconds(30),
                REQUEST_TIMEOUT,
                2048,
                1,
                1),
            Optional.empty(),
            HttpConfig.DEFAULT_AUTH_EXEMPT);
    server = new AgentHttpServer(config, HttpSecurity.NONE, registry);
    server.probe("/healthz", HttpRoute.get(r -> RouteResponse.text(200, "ok\n")));
    server.route("/echo", HttpRoute.get(r -> RouteResponse.text(200, r.path() + "?" + r.query())));
    server.route("/tree/*", HttpRoute.get(r -> RouteResponse.text(200, "under " + r.path())));
    server.route("/reload", new HttpRoute(Set.of("POST"), r -> RouteResponse.text(200, "done\n")));
    server.route(
        "/blocked",
        HttpRoute.get(
            r -> {
              started.countDown();
              release.await();
              return RouteResponse.text(200, "released\n");
            }));
    server.route(
        "/fails",
        HttpRoute.get(
            r -> {
              throw new IllegalStateException("broken on purpose");
            }));
    server.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.close();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(
        request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)));
  }

  /** Writes a raw request and reads the whole response (the request asks to close). */
  private String raw(String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void unknownPathIs404WhateverTheMethod() throws Exception {
    assertEquals(404, get("/nothing-here").statusCode());
    assertEquals(404, get("/healthz/").statusCode(), "paths match exactly");
    assertEquals(
        404,
        send(HttpRequest.newBuilder(uri("/nothing")).DELETE()).statusCode(),
        "an unknown path is not found, whatever the method");
  }

  @Test
  void aPathEndingInSlashStarAnswersEveryPathUnderItCountedUnderItsOwn() throws Exception {
    assertEquals("under /tree/a/b", get("/tree/a/b").body());
    assertEquals("under /tree/", get("/tree/").body());
    assertEquals(404, get("/tree").statusCode(), "the subtree, not the path without its slash");
    assertEquals(404, get("/treehouse").statusCode());
    await()
        .until(
            () -> sampleValue("kshealth_http_requests_total{code=\"200\",path=\"/tree/*\"}") == 2);
  }

  @Test
  void wrongMethodIs405WithAllow() throws Exception {
    HttpResponse<String> post =
        send(HttpRequest.newBuilder(uri("/echo")).POST(HttpRequest.BodyPublishers.noBody()));
    assertEquals(405, post.statusCode());
    assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElseThrow());

    HttpResponse<String> getReload = get("/reload");
    assertEquals(405, getReload.statusCode());
    assertEquals("POST", getReload.headers().firstValue("Allow").orElseThrow());

    assertTrue(
        raw("BREW /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .startsWith("HTTP/1.1 405 "));
  }

  @Test
  void headAnswersHeadersWithoutTheBody() throws Exception {
    String response = raw("HEAD /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 200 "), response);
    assertTrue(response.contains("Content-Length: 3\r\n"), response);
    assertTrue(response.endsWith("\r\n\r\n"), "no body after the headers: " + response);
  }

  @Test
  void aBodyLargerThanAnyEndpointTakesIs413() throws Exception {
    // The answer comes from Content-Length alone, before any body byte is read: sending the body
    // would race the server's close after its answer (a close with unread bytes is a reset, which
    // can take the answer with it).
    String big =
        raw(
            "POST /reload HTTP/1.1\r\nHost: x\r\nContent-Length: 65536\r\n"
                + "Connection: close\r\n\r\n");
    assertTrue(big.startsWith("HTTP/1.1 413 "), big);

    String chunked =
        raw(
            "POST /reload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
    assertTrue(chunked.startsWith("HTTP/1.1 413 "), chunked);

    HttpResponse<String> empty =
        send(HttpRequest.newBuilder(uri("/reload")).POST(HttpRequest.BodyPublishers.noBody()));
    assertEquals(200, empty.statusCode(), "a POST without a body is fine");
  }

  @Test
  void headersLargerThanTheLimitAre431() throws Exception {
    HttpResponse<String> r =
        send(HttpRequest.newBuilder(uri("/healthz")).header("X-Padding", "p".repeat(4096)));
    assertEquals(431, r.statusCode());
    assertEquals("text/plain; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
    assertEquals(200, get("/healthz").statusCode(), "and the server goes on");
  }

  @Test
  void routesSeeThePathAndQuery() throws Exception {
    assertEquals("/echo?a=1&b=2", get("/echo?a=1&b=2").body());
  }

  @Test
  void aFailingRouteIs500AndTheServerGoesOn() throws Exception {
    HttpResponse<String> r = get("/fails");
    assertEquals(500, r.statusCode());
    assertTrue(r.body().contains("broken on purpose"), r.body());
    // The permit comes back as the 500 is sent: a moment after the client may have read it.
    await().until(() -> get("/echo").statusCode() == 200);
  }

  /**
   * One endpoint thread and one permit: while a route is stuck on a latch, other routes are refused
   * at once with 503 and Retry-After, the probe answers all along, and the stuck request gets 503
   * at the request timeout; once the route returns, the permit is free again.
   */
  @Test
  void aFullPoolAnswers503AndProbesStillAnswer() throws Exception {
    var stuck = http.sendAsync(HttpRequest.newBuilder(uri("/blocked")).build(), ofString());
    assertTrue(started.await(10, java.util.concurrent.TimeUnit.SECONDS));

    HttpResponse<String> refused = get("/echo");
    assertEquals(503, refused.statusCode());
    assertEquals("1", refused.headers().firstValue("Retry-After").orElseThrow());
    assertEquals(200, get("/healthz").statusCode());

    HttpResponse<String> timedOut = stuck.get();
    assertEquals(503, timedOut.statusCode());
    assertTrue(timedOut.body().contains("request timeout"), timedOut.body());
    assertEquals(503, get("/echo").statusCode(), "the stuck route still holds its permit");

    release.countDown();
    await().until(() -> get("/echo").statusCode() == 200);
  }

  @Test
  void countsRequestsByKnownPathAndCode() throws Exception {
    get("/healthz");
    get("/healthz");
    get("/no-such-path");
    get("/another-unknown-path");
    send(HttpRequest.newBuilder(uri("/echo")).POST(HttpRequest.BodyPublishers.noBody()));
    await()
        .until(
            () -> sampleValue("kshealth_http_requests_total{code=\"200\",path=\"/healthz\"}") == 2);
    assertEquals(2, sampleValue("kshealth_http_requests_total{code=\"404\",path=\"other\"}"));
    assertEquals(1, sampleValue("kshealth_http_requests_total{code=\"405\",path=\"/echo\"}"));
    assertEquals(2, sampleValue("kshealth_http_request_duration_seconds_count{path=\"/healthz\"}"));
  }

  /** Clients that send their request a byte at a time are cut off at the read timeout. */
  @Test
  void closesConnectionsWhoseHeadersArriveTooSlowly() throws Exception {
    // One byte every 50 ms: Jetty's idle timeout (30 s) alone would never close them.
    try (Slowloris slow = new Slowloris(server.port(), 5, Duration.ofMillis(50))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> slow.open() == 0);
      assertEquals(0, slow.finished(), "each was closed before its request was complete");
      assertTrue(
          slow.shortestLife().compareTo(READ_TIMEOUT) >= 0,
          "none before the read timeout: " + slow.shortestLife());
    }
    assertEquals(200, get("/healthz").statusCode());
  }

  private static HttpResponse.BodyHandler<String> ofString() {
    return HttpResponse.BodyHandlers.ofString();
  }

  /** The value of one sample line in the registry's text exposition, or -1 when absent. */
  private double sampleValue(String prefix) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith(prefix)) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return -1;
  }
}
