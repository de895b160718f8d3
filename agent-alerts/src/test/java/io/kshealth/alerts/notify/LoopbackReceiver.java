package io.kshealth.alerts.notify;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

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
    this(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
  }

  /**
   * An HTTPS receiver with this server context; when {@code clientCertificate}, a client without a
   * certificate its context trusts cannot connect.
   */
  static LoopbackReceiver https(SSLContext tls, boolean clientCertificate) throws IOException {
    HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(
        new HttpsConfigurator(tls) {
          @Override
          public void configure(HttpsParameters params) {
            SSLParameters p = tls.getDefaultSSLParameters();
            p.setNeedClientAuth(clientCertificate);
            params.setSSLParameters(p);
          }
        });
    return new LoopbackReceiver(server);
  }

  private LoopbackReceiver(HttpServer server) {
    this.server = server;
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
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort() + path);
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
