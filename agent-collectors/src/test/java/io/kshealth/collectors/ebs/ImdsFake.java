package io.kshealth.collectors.ebs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * IMDSv2 on loopback: {@code PUT /latest/api/token} with a TTL header hands out a token, and
 * metadata GETs answer only with that token (401 without it, as the real service does once v2 is
 * required). Requests that break the protocol are listed in {@link #violations()}.
 */
final class ImdsFake implements AutoCloseable {

  static final String TOKEN_PATH = "/latest/api/token";
  static final String TTL_HEADER = "x-aws-ec2-metadata-token-ttl-seconds";
  static final String TOKEN_HEADER = "x-aws-ec2-metadata-token";

  private final Map<String, String> metadata;
  private final String token = UUID.randomUUID().toString();
  private final HttpServer server;
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final List<String> violations = Collections.synchronizedList(new ArrayList<>());

  /**
   * @param metadata the answer for each path, such as {@link ImdsLookup#REGION}
   */
  ImdsFake(Map<String, String> metadata) throws IOException {
    this.metadata = Map.copyOf(metadata);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** "METHOD path" of every request, in order. */
  List<String> requests() {
    return List.copyOf(requests);
  }

  List<String> violations() {
    return List.copyOf(violations);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      var headers = exchange.getRequestHeaders();
      requests.add(method + " " + path);
      if (headers.containsKey("X-Forwarded-For")) {
        // IMDSv2 refuses proxied token requests; a client must never send one.
        violations.add("X-Forwarded-For on " + path);
        reply(exchange, 403, "forwarded");
      } else if (method.equals("PUT") && path.equals(TOKEN_PATH)) {
        String ttl = headers.getFirst(TTL_HEADER);
        if (ttl == null || !ttl.matches("[0-9]+") || Long.parseLong(ttl) < 1) {
          violations.add("token PUT with TTL " + ttl);
          reply(exchange, 400, "bad TTL");
        } else {
          exchange.getResponseHeaders().set(TTL_HEADER, ttl);
          reply(exchange, 200, token);
        }
      } else if (method.equals("GET")) {
        if (!token.equals(headers.getFirst(TOKEN_HEADER))) {
          violations.add("GET " + path + " without the token");
          reply(exchange, 401, "unauthorized");
        } else if (metadata.containsKey(path)) {
          reply(exchange, 200, metadata.get(path));
        } else {
          reply(exchange, 404, "not found");
        }
      } else {
        violations.add(method + " " + path);
        reply(exchange, 405, "method");
      }
    }
  }

  private static void reply(HttpExchange exchange, int status, String text) throws IOException {
    byte[] out = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain");
    exchange.sendResponseHeaders(status, out.length);
    exchange.getResponseBody().write(out);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
