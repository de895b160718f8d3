package io.kshealth.alerts.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A real HTTP receiver on 127.0.0.1 that records every request and answers with the status and body
 * a test chose. A notifier's send returns only after the answer, so the request is recorded by
 * then.
 */
final class LoopbackReceiver implements AutoCloseable {

  record Request(
      String method, String path, String contentType, String authorization, String body) {}

  private final HttpServer server;
  private final List<Request> requests = new ArrayList<>();
  private volatile int status = 200;
  private volatile String answer = "";

  LoopbackReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          synchronized (requests) {
            requests.add(
                new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    body));
          }
          byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
  }

  /** Answers every request from now on with this status and body. */
  void answer(int status, String body) {
    this.status = status;
    this.answer = body;
  }

  URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** The only request received so far. */
  Request single() {
    List<Request> all = requests();
    if (all.size() != 1) {
      throw new AssertionError("expected one request, got " + all.size());
    }
    return all.get(0);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
