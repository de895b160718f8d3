package io.kshealth.core.http;

import io.kshealth.core.config.HttpConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The agent's HTTP server, on Jetty's core (no servlets): endpoints are {@link HttpRoute}s added by
 * path before {@link #start()}, probes answered inline and everything else on a bounded pool (see
 * {@link RequestDispatcher} for why probes cannot be starved).
 *
 * <p>Limits from {@link HttpConfig}: the listen backlog, a deadline for a request's headers from
 * its first byte (slowloris), an idle timeout per connection, a time limit per routed request, the
 * header size (431) and a small body size (413).
 *
 * <pre>{@code
 * AgentHttpServer http = new AgentHttpServer(config.http(), HttpSecurity.NONE, registry);
 * http.route("/api/v1/alerts", HttpRoute.get(r -> RouteResponse.json(200, body())));
 * http.start();
 * }</pre>
 */
public final class AgentHttpServer implements AutoCloseable {

  /**
   * Jetty's own threads at most: one selector that also accepts, the rest parse requests and answer
   * probes. They start on demand and stop after a minute idle (two stay), so the bound costs
   * nothing at rest. Under the abuse test the median probe took 15-63 ms with 6, 2-19 ms with 12
   * and 4 ms with 24 (docs/benchmarks.md); Jetty's default is 200.
   */
  static final int JETTY_THREADS = 12;

  private static final long STOP_MILLIS = 500;

  /**
   * What Jetty's buffer pool keeps for reuse, heap and direct each. Its default, an eighth of the
   * heap, grew the agent's committed heap by about 10 MiB (docs/benchmarks.md); requests here are
   * small and few, so a buffer made anew costs little.
   */
  private static final long POOLED_BYTES = 256 * 1024;

  private final Server server;
  private final ServerConnector connector;
  private final ThreadPoolExecutor endpoints;
  private final RequestDispatcher dispatcher;
  private final boolean tls;

  public AgentHttpServer(HttpConfig config, HttpSecurity security, PrometheusRegistry registry) {
    QueuedThreadPool jetty = new QueuedThreadPool(JETTY_THREADS, 2);
    jetty.setName("kshealth-http");
    jetty.setDaemon(true);
    jetty.setReservedThreads(0);
    jetty.setStopTimeout(STOP_MILLIS);
    this.server =
        new Server(jetty, null, new ArrayByteBufferPool(0, -1, -1, -1, POOLED_BYTES, POOLED_BYTES));
    server.setStopTimeout(STOP_MILLIS);

    HttpConfiguration http = new HttpConfiguration();
    http.setRequestHeaderSize(config.limits().maxHeaderBytes());
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    HttpConnectionFactory plain = new HeaderDeadline(http, config.limits().readTimeout());
    SSLContext context = security.sslContext();
    this.tls = context != null;
    this.connector =
        context == null
            ? new ServerConnector(server, 0, 1, plain)
            : new ServerConnector(server, 0, 1, new RotatingTls(security, context), plain);
    connector.setHost(config.host());
    connector.setPort(config.port());
    connector.setAcceptQueueSize(config.limits().backlog());
    connector.setIdleTimeout(config.limits().idleTimeout().toMillis());
    server.addConnector(connector);

    this.endpoints =
        new ThreadPoolExecutor(
            config.limits().threads(),
            config.limits().threads(),
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(config.limits().maxPending()),
            daemonThreads("kshealth-http-endpoint"));
    endpoints.allowCoreThreadTimeOut(true);
    HttpMetrics metrics = new HttpMetrics(registry);
    this.dispatcher =
        new RequestDispatcher(
            endpoints,
            config.limits().maxPending(),
            config.limits().requestTimeout(),
            metrics,
            security);
    server.setHandler(dispatcher);
    server.setErrorHandler(new PlainErrors(metrics));
  }

  /**
   * Builds a server on a loopback address that is never bound, and drops it: what its classes cost
   * to load and initialize (cold code, a tenth of a second) is then paid on the calling thread, so
   * that {@code kshealth run} can pay it on a second core while the config loads.
   */
  public static void loadClasses() {
    new AgentHttpServer(
            HttpConfig.parse("127.0.0.1:0"), HttpSecurity.NONE, new PrometheusRegistry())
        .close();
  }

  /**
   * Adds a probe: answered on the server's I/O threads, so it must be cheap and never wait on a
   * lock that other work holds. Call before {@link #start()}.
   */
  public void probe(String path, HttpRoute route) {
    dispatcher.probe(path, route);
  }

  /** Adds an endpoint, run on the bounded pool. Call before {@link #start()}. */
  public void route(String path, HttpRoute route) {
    dispatcher.route(path, route);
  }

  /**
   * Binds the address, so that {@link #port()} is known before routes that need it are added.
   *
   * @throws IOException when the address cannot be bound
   */
  public void bind() throws IOException {
    connector.open();
  }

  /**
   * Starts serving (binding first, if {@link #bind()} was not called).
   *
   * @throws IOException when the address cannot be bound
   */
  public void start() throws IOException {
    try {
      server.start();
    } catch (IOException e) {
      close();
      throw e;
    } catch (Exception e) {
      close();
      throw new IOException(e.getMessage(), e);
    }
  }

  /** Whether it serves HTTPS only. */
  public boolean tls() {
    return tls;
  }

  /** The port actually bound (differs from the config when it asked for port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      // Stopping is best effort: the process is on its way out.
    }
    endpoints.shutdownNow();
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
