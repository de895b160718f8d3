package io.kshealth.it;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP endpoint on a free loopback port that records every request it gets, as a webhook
 * receiver (a chat bridge, a pager) would see them. It answers 200, or 503 while made unavailable,
 * so that a test can watch a sender retry. Safe to read from the test's thread while requests
 * arrive.
 */
final class WebhookReceiver implements AutoCloseable {

  /**
   * One request as it arrived.
   *
   * @param headers by lower-case name
   * @param status what this receiver answered: 200, or 503 while unavailable
   */
  record Request(
      Instant at,
      String method,
      String path,
      Map<String, List<String>> headers,
      String body,
      int status) {

    boolean accepted() {
      return status == 200;
    }

    /** The first value of a header, or null. */
    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The body as a JSON object. */
    Map<?, ?> json() {
      try {
        return Json.object(Json.parse(body));
      } catch (IOException e) {
        throw new AssertionError("not a JSON object: " + body, e);
      }
    }
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newSingleThreadExecutor();
  private final List<Request> requests = new ArrayList<>();
  private int refuseNext;
  private boolean unavailable;

  private WebhookReceiver(HttpServer server) {
    this.server = server;
  }

  /** Listens on 127.0.0.1 on a port the system picks. */
  static WebhookReceiver start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
      WebhookReceiver receiver = new WebhookReceiver(server);
      server.createContext("/", receiver::handle);
      server.setExecutor(receiver.threads);
      server.start();
      return receiver;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code http://127.0.0.1:PORT}, without a path: a sender may post to any path under it. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every request so far, refused ones included, in the order they arrived. */
  synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The JSON bodies of the requests it accepted, in the order they arrived. */
  List<Map<?, ?>> received() {
    return requests().stream().filter(Request::accepted).map(Request::json).toList();
  }

  /** How many requests it answered with 503. */
  synchronized long refused() {
    return requests.stream().filter(r -> !r.accepted()).count();
  }

  /** While true, every request is recorded and answered 503 Service Unavailable. */
  synchronized void unavailable(boolean unavailable) {
    this.unavailable = unavailable;
  }

  /** Answers the next {@code count} requests with 503, then 200 again. */
  synchronized void refuseNext(int count) {
    this.refuseNext = count;
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readAllBytes(), UTF_8);
      }
      Map<String, List<String>> headers = new TreeMap<>();
      exchange
          .getRequestHeaders()
          .forEach(
              (name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
      int status = record(exchange, headers, body);
      byte[] answer = (status == 200 ? "ok\n" : "unavailable\n").getBytes(UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      exchange.sendResponseHeaders(status, answer.length);
      exchange.getResponseBody().write(answer);
    }
  }

  private synchronized int record(
      HttpExchange exchange, Map<String, List<String>> headers, String body) {
    int status = 200;
    if (unavailable) {
      status = 503;
    } else if (refuseNext > 0) {
      refuseNext--;
      status = 503;
    }
    requests.add(
        new Request(
            Instant.now(),
            exchange.getRequestMethod(),
            exchange.getRequestURI().getPath(),
            Map.copyOf(headers),
            body,
            status));
    return status;
  }
}
