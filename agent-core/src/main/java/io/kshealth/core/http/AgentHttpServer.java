package io.kshealth.core.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.kshealth.core.config.HttpConfig;
import io.kshealth.core.extension.Extension.ReloadOutcome;
import io.kshealth.core.schedule.CollectorStatus;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

/**
 * The agent's HTTP endpoints, on the JDK's built-in server:
 *
 * <ul>
 *   <li>{@code GET /metrics}: Prometheus text or OpenMetrics, chosen by the {@code Accept} header,
 *       gzip when asked for;
 *   <li>{@code GET /healthz}: 200 while the process serves requests;
 *   <li>{@code GET /readyz}: 200 once every enabled collector has finished a run, 503 before;
 *   <li>{@code GET /api/v1/status}: the agent, its collectors and extensions as JSON;
 *   <li>{@code POST /-/reload}: reloads what can change at run time (the rules), from loopback
 *       only;
 *   <li>whatever extensions add, such as {@code GET /api/v1/alerts}.
 * </ul>
 */
public final class AgentHttpServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService threads;
  private final PrometheusRegistry registry;
  private final Supplier<AgentStatus> status;
  private final Supplier<ReloadOutcome> reload;
  private final ExpositionFormats formats = ExpositionFormats.init();

  public AgentHttpServer(
      HttpConfig config,
      PrometheusRegistry registry,
      Supplier<AgentStatus> status,
      Supplier<ReloadOutcome> reload)
      throws IOException {
    this.registry = registry;
    this.status = status;
    this.reload = reload;
    this.server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 16);
    this.threads =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "kshealth-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(threads);
    server.createContext("/metrics", getOnly(this::metrics));
    server.createContext("/healthz", getOnly(ex -> text(ex, 200, "ok\n")));
    server.createContext("/readyz", getOnly(this::ready));
    server.createContext("/api/v1/status", getOnly(this::status));
    server.createContext("/-/reload", this::reload);
    server.createContext("/", getOnly(this::index));
  }

  /** Adds an endpoint; the handler checks the method itself. Call before {@link #start()}. */
  public void route(String path, HttpHandler handler) {
    server.createContext(
        path,
        ex -> {
          try (ex) {
            handler.handle(ex);
          }
        });
  }

  public void start() {
    server.start();
  }

  /** The port actually bound (differs from the config when it asked for port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  private void metrics(HttpExchange ex) throws IOException {
    ExpositionFormatWriter writer = formats.findWriter(ex.getRequestHeaders().getFirst("Accept"));
    ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
    String encoding = ex.getRequestHeaders().getFirst("Accept-Encoding");
    boolean gzip = encoding != null && encoding.contains("gzip");
    try (OutputStream out = gzip ? new GZIPOutputStream(body) : body) {
      writer.write(out, registry.scrape());
    }
    ex.getResponseHeaders().set("Content-Type", writer.getContentType());
    if (gzip) {
      ex.getResponseHeaders().set("Content-Encoding", "gzip");
    }
    send(ex, 200, body.toByteArray());
  }

  private void ready(HttpExchange ex) throws IOException {
    AgentStatus s = status.get();
    if (s.ready()) {
      text(ex, 200, "ready\n");
    } else {
      String waiting =
          s.collectors().stream()
              .filter(c -> !c.hasRun())
              .map(CollectorStatus::name)
              .collect(Collectors.joining(", "));
      text(ex, 503, "not ready: waiting for the first run of " + waiting + "\n");
    }
  }

  private void status(HttpExchange ex) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    StatusJson.write(status.get(), body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    send(ex, 200, body.toByteArray());
  }

  /**
   * Loopback only: anyone who can reach the port could otherwise make the agent re-read files at
   * will. SIGHUP does the same for those with a shell.
   */
  private void reload(HttpExchange ex) throws IOException {
    try (ex) {
      if (!ex.getRequestMethod().equals("POST")) {
        ex.getResponseHeaders().set("Allow", "POST");
        text(ex, 405, "method not allowed\n");
      } else if (!ex.getRemoteAddress().getAddress().isLoopbackAddress()) {
        text(ex, 403, "reload is accepted from loopback only\n");
      } else {
        ReloadOutcome outcome = reload.get();
        text(ex, outcome.ok() ? 200 : 500, outcome.message() + "\n");
      }
    }
  }

  private void index(HttpExchange ex) throws IOException {
    if (!ex.getRequestURI().getPath().equals("/")) {
      text(ex, 404, "not found\n");
      return;
    }
    text(ex, 200, "kshealth: /metrics /healthz /readyz /api/v1/status\n");
  }

  private static HttpHandler getOnly(HttpHandler handler) {
    return ex -> {
      try (ex) {
        String method = ex.getRequestMethod();
        if (method.equals("GET") || method.equals("HEAD")) {
          handler.handle(ex);
        } else {
          ex.getResponseHeaders().set("Allow", "GET, HEAD");
          text(ex, 405, "method not allowed\n");
        }
      }
    };
  }

  public static void text(HttpExchange ex, int code, String body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    send(ex, code, body.getBytes(StandardCharsets.UTF_8));
  }

  public static void send(HttpExchange ex, int code, byte[] body) throws IOException {
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(code, head ? -1 : body.length);
    if (!head) {
      ex.getResponseBody().write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
