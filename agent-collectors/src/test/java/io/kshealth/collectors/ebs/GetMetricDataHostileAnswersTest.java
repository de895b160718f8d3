package io.kshealth.collectors.ebs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kshealth.core.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORFactory;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORGenerator;

/**
 * The poller against answers CloudWatch would not give: each must end as a stale reading that says
 * what was wrong, never as an exception out of {@code poll()} or a poll that does not return.
 */
@ExtendWith(AwsTestCredentials.class)
class GetMetricDataHostileAnswersTest {

  static final String REGION = "eu-west-1";
  static final String VOLUME = "vol-0abc1234def567890";
  static final Instant NOW = Instant.parse("2026-03-01T10:00:30Z");

  /** How the server answers: it may write part of the body and then hold the connection. */
  private record Answer(int status, String contentType, byte[] body, boolean stallAfterHalf) {}

  private final MutableClock clock = new MutableClock(NOW);
  private final AtomicInteger requests = new AtomicInteger();
  private final CountDownLatch released = new CountDownLatch(1);
  private final ExecutorService handlers = Executors.newCachedThreadPool();
  private volatile Answer answer;
  private HttpServer server;
  private CloudWatchPoller poller;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(handlers);
    server.createContext("/", this::handle);
    server.start();
  }

  @AfterEach
  void stop() {
    released.countDown();
    if (poller != null) {
      poller.close();
    }
    server.stop(0);
    handlers.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      requests.incrementAndGet();
      Answer a = answer;
      exchange.getResponseHeaders().set("Content-Type", a.contentType());
      exchange.sendResponseHeaders(a.status(), a.body().length);
      OutputStream out = exchange.getResponseBody();
      if (a.stallAfterHalf()) {
        out.write(a.body(), 0, a.body().length / 2);
        out.flush();
        released.await();
        return;
      }
      out.write(a.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private CloudWatchReading poll(Answer a, Duration socketTimeout, Duration callTimeout) {
    answer = a;
    URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    CloudWatchTarget target =
        new CloudWatchTarget(REGION, Optional.of(endpoint), List.of(VOLUME), Optional.empty());
    poller =
        new CloudWatchPoller(
            target,
            clock,
            new SplittableRandom(1),
            new GetMetricDataCaller(
                endpoint,
                REGION,
                clock,
                CloudWatchPoller.CONNECT_TIMEOUT,
                socketTimeout,
                callTimeout,
                CloudWatchPoller.MAX_ATTEMPTS));
    return poller.poll();
  }

  private CloudWatchReading poll(Answer a) {
    return poll(a, CloudWatchPoller.SOCKET_TIMEOUT, CloudWatchPoller.CALL_TIMEOUT);
  }

  private static Answer cbor(int status, Object document) throws IOException {
    return new Answer(status, "application/cbor", CloudWatchCbor.write(document), false);
  }

  /** A page of one result for the burst balance, with these timestamps and values. */
  private static Map<String, Object> page(Object timestamps, Object values) {
    return Map.of(
        "MetricDataResults",
        List.of(
            Map.of(
                "Id",
                "v0_burst",
                "StatusCode",
                "Complete",
                "Timestamps",
                timestamps,
                "Values",
                values)));
  }

  private static void assertStale(CloudWatchReading r, String problemStart) {
    assertTrue(r.stale());
    assertEquals(Map.of(), r.points());
    assertTrue(r.problem().startsWith(problemStart), r.problem());
  }

  private static final String MALFORMED =
      "HTTP 200 with a malformed GetMetricData answer (application/cbor): ";

  @Test
  void aWellFormedPageWithUnknownMembersIsRead() throws IOException {
    Map<String, Object> result = new java.util.LinkedHashMap<>();
    result.put("Id", "v0_burst");
    result.put("Label", "BurstBalance");
    result.put("Future", Map.of("Nested", List.of(Map.of("Deeper", List.of(1L, "x")))));
    result.put("Timestamps", List.of(Instant.parse("2026-03-01T09:57:00Z")));
    result.put("Values", List.of(42.5));
    result.put("StatusCode", "Complete");
    result.put("Messages", List.of(Map.of("Code", "Info", "Value", "v")));
    CloudWatchReading r =
        poll(cbor(200, Map.of("MetricDataResults", List.of(result), "Other", List.of(true))));

    assertFalse(r.stale(), r.problem());
    assertEquals(
        Optional.of(new CloudWatchPoint(42.5, Instant.parse("2026-03-01T09:57:00Z"))),
        r.point(CloudWatchMetric.BURST_BALANCE, VOLUME));
  }

  @Test
  void aTruncatedAnswer() throws IOException {
    byte[] whole =
        CloudWatchCbor.write(page(List.of(Instant.parse("2026-03-01T09:57:00Z")), List.of(1.0)));
    Answer a = new Answer(200, "application/cbor", Arrays.copyOf(whole, whole.length - 5), false);
    assertStale(poll(a), MALFORMED);
    assertEquals(1, requests.get(), "a malformed answer is not asked again");
  }

  @Test
  void anEmptySuccess() {
    assertStale(
        poll(new Answer(200, "application/cbor", new byte[0], false)),
        MALFORMED + "the answer ends inside the answer");
  }

  @Test
  void wrongTypes() throws IOException {
    assertStale(
        poll(cbor(200, Map.of("MetricDataResults", "none"))),
        MALFORMED + "MetricDataResults is a string, not a list");
    assertStale(
        poll(cbor(200, page(List.of(Instant.parse("2026-03-01T09:57:00Z")), List.of("high")))),
        MALFORMED + "a value is a string, not a number");
    assertStale(
        poll(cbor(200, page(List.of("yesterday"), List.of(1.0)))),
        MALFORMED + "a timestamp is a string, not a number");
    assertStale(poll(cbor(200, List.of(1L, 2L))), MALFORMED + "the answer is a list, not a map");
    assertStale(
        poll(cbor(200, page(List.of(Instant.parse("2026-03-01T09:57:00Z")), List.of()))),
        MALFORMED + "result v0_burst: 1 timestamps, 0 values");
  }

  @Test
  void numbersOutOfRange() throws IOException {
    assertStale(poll(cbor(200, page(List.of(1e300), List.of(1.0)))), MALFORMED + "a timestamp of");
    assertStale(
        poll(cbor(200, page(List.of(-Long.MAX_VALUE), List.of(1.0)))),
        MALFORMED + "a timestamp of");
    assertStale(
        poll(cbor(200, page(List.of(Instant.parse("2026-03-01T09:57:00Z")), List.of(Double.NaN)))),
        MALFORMED + "a value is NaN");
    assertStale(
        poll(new Answer(200, "application/cbor", bignumValue(), false)),
        MALFORMED + "a value is Infinity");
  }

  /** A page whose one value is a CBOR bignum (tag 2) of 2^1100, past any double. */
  private static byte[] bignumValue() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CBORGenerator g = new CBORFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeFieldName("MetricDataResults");
      g.writeStartArray();
      g.writeStartObject();
      g.writeStringField("Id", "v0_burst");
      g.writeStringField("StatusCode", "Complete");
      g.writeFieldName("Timestamps");
      g.writeStartArray();
      g.writeTag(1);
      g.writeNumber(1772359020L);
      g.writeEndArray();
      g.writeFieldName("Values");
      g.writeStartArray();
      g.writeNumber(java.math.BigInteger.TWO.pow(1100));
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  @Test
  void aProxysHtmlPageIsQuotedOnOneShortLineAndRetriedOnce() {
    String html = "<html>\n<body>502 Bad Gateway\r\n</body></html>" + "x".repeat(500);
    CloudWatchReading r =
        poll(new Answer(502, "text/html", html.getBytes(StandardCharsets.UTF_8), false));

    assertStale(r, "HTTP 502, not a CloudWatch error (text/html): <html> <body>502 Bad Gateway");
    assertFalse(r.problem().contains("\n") || r.problem().contains("\r"), r.problem());
    assertTrue(r.problem().length() < 400, r.problem());
    assertEquals(CloudWatchPoller.MAX_ATTEMPTS, requests.get());
  }

  @Test
  void anHtmlSuccessIsNotAnAnswer() {
    assertStale(
        poll(
            new Answer(
                200, "text/html", "<html>hello</html>".getBytes(StandardCharsets.UTF_8), false)),
        "HTTP 200 with a malformed GetMetricData answer (text/html): ");
  }

  @Test
  void aSuccessCarryingAnErrorIsAnError() throws IOException {
    assertStale(
        poll(cbor(200, Map.of("__type", "ThrottlingException", "message", "Rate exceeded"))),
        MALFORMED + "an error (ThrottlingException)");
  }

  @Test
  void anErrorMessageCannotForgeLogLines() throws IOException {
    CloudWatchReading r =
        poll(cbor(400, Map.of("__type", "Bad", "message", "no\nERROR forged line")));
    assertStale(r, "HTTP 400 Bad: no ERROR forged line");
  }

  @Test
  void anAnswerTooLargeIsNotRead() {
    byte[] huge = new byte[GetMetricDataCaller.MAX_ANSWER_BYTES + 1];
    assertStale(
        poll(new Answer(200, "application/cbor", huge, false)),
        "an answer of more than " + GetMetricDataCaller.MAX_ANSWER_BYTES + " bytes");
  }

  @Test
  void aBodyThatStopsComingTimesOutOnTheSocketAndIsTriedOnceMore() throws IOException {
    Answer stalled =
        new Answer(200, "application/cbor", CloudWatchCbor.write(page(List.of(), List.of())), true);

    CloudWatchReading r = poll(stalled, Duration.ofMillis(200), Duration.ofSeconds(30));

    assertStale(r, "SocketTimeoutException: Read timed out");
    assertEquals(CloudWatchPoller.MAX_ATTEMPTS, requests.get());
  }

  @Test
  void theWholeCallIsBoundedEvenWhenTheSocketWouldWaitLonger() throws IOException {
    Answer stalled =
        new Answer(200, "application/cbor", CloudWatchCbor.write(page(List.of(), List.of())), true);

    CloudWatchReading r = poll(stalled, Duration.ofSeconds(60), Duration.ofMillis(300));

    assertStale(r, "no answer within PT0.3S, given up");
    assertEquals(1, requests.get(), "no attempt after the deadline");
  }
}
