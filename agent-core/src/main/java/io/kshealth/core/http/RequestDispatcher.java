package io.kshealth.core.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each request by exact path, or to the route of a path ending in {@code /*} that it lies
 * under (a subtree: its handler reads the rest of the path), and decides where it runs.
 *
 * <p>Why probes cannot be starved: Jetty reads and parses requests with NIO selectors, so a slow or
 * idle client holds no thread. This handler is non-blocking: it answers a probe ({@code /healthz},
 * {@code /readyz}) right here, on the Jetty thread, and hands every other route to a separate
 * bounded pool, after taking one of {@code maxPending} permits without waiting. A permit is held
 * until the route's task has ended and its response is sent, so scrapes, however many and however
 * slow to read, can fill that pool and its permits but never a Jetty thread; once the permits are
 * gone the answer is an immediate 503 with {@code Retry-After}. Extensions can only add routes that
 * run on the pool: a probe is the agent's own, and must be cheap and lock-free.
 */
final class RequestDispatcher extends Handler.Abstract.NonBlocking {

  private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);

  /** A route path ending in this answers every path under it: {@code /api/v1/alerts/*}. */
  static final String SUBTREE = "/*";

  /** No endpoint reads a body; {@code POST /-/reload} needs none. */
  static final long MAX_BODY_BYTES = 1024;

  private final Map<String, HttpRoute> probes = new ConcurrentHashMap<>();
  private final Map<String, HttpRoute> routes = new ConcurrentHashMap<>();
  private final ExecutorService endpoints;
  private final Semaphore pending;
  private final Duration requestTimeout;
  private final HttpMetrics metrics;
  private final HttpSecurity security;

  RequestDispatcher(
      ExecutorService endpoints,
      int maxPending,
      Duration requestTimeout,
      HttpMetrics metrics,
      HttpSecurity security) {
    this.endpoints = endpoints;
    this.pending = new Semaphore(maxPending);
    this.requestTimeout = requestTimeout;
    this.metrics = metrics;
    this.security = security;
  }

  void probe(String path, HttpRoute route) {
    add(probes, path, route);
  }

  void route(String path, HttpRoute route) {
    add(routes, path, route);
  }

  private void add(Map<String, HttpRoute> into, String path, HttpRoute route) {
    if (probes.containsKey(path) || routes.containsKey(path)) {
      throw new IllegalArgumentException("two routes for " + path);
    }
    into.put(path, route);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    long started = System.nanoTime();
    String path = Request.getPathInContext(request);
    HttpRoute probe = probes.get(path);
    String routed = probe != null || routes.containsKey(path) ? path : subtree(path);
    HttpRoute route = probe != null ? probe : routed == null ? null : routes.get(routed);
    // A subtree counts under its own path: a scanner cannot grow the series.
    Answer answer =
        new Answer(
            response,
            counted(
                callback,
                route == null || routed == null ? HttpMetrics.OTHER : routed,
                response,
                started));
    security.responseHeaders().forEach(response.getHeaders()::put);
    String method = request.getMethod();
    if (route == null) {
      answer.send(RouteResponse.text(404, "not found\n"));
    } else if (!route.allows(method)) {
      answer.send(
          RouteResponse.text(405, "method not allowed\n").withHeader("Allow", route.allowHeader()));
    } else if (request.getLength() > MAX_BODY_BYTES
        || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)) {
      answer.send(RouteResponse.text(413, "request body too large\n"));
    } else if (probe != null) {
      answer.send(run(probe, request, path));
    } else {
      dispatch(route, request, path, answer);
    }
    return true;
  }

  /**
   * The longest subtree route (a path ending in {@code /*}, such as {@code /api/v1/alerts/*} for
   * {@code /api/v1/alerts/{fingerprint}/evidence}) that {@code path} lies under, or null.
   */
  private @Nullable String subtree(String path) {
    String best = null;
    for (String key : routes.keySet()) {
      if (key.endsWith(SUBTREE)
          && path.startsWith(key.substring(0, key.length() - 1))
          && (best == null || key.length() > best.length())) {
        best = key;
      }
    }
    return best;
  }

  private void dispatch(HttpRoute route, Request request, String path, Answer answer) {
    if (!pending.tryAcquire()) {
      answer.send(busy("too many requests in progress"));
      return;
    }
    // Two holders of the permit: the task on the pool and the response on the wire.
    AtomicInteger holders = new AtomicInteger(2);
    Runnable release =
        () -> {
          if (holders.decrementAndGet() == 0) {
            pending.release();
          }
        };
    answer.onSent(release);
    Scheduler.Task timeout =
        request
            .getComponents()
            .getScheduler()
            .schedule(
                () -> answer.send(busy("no answer within the request timeout")),
                requestTimeout.toMillis(),
                TimeUnit.MILLISECONDS);
    try {
      endpoints.execute(
          () -> {
            RouteResponse response = null;
            try {
              if (!answer.sent()) {
                response = run(route, request, path);
              }
            } finally {
              timeout.cancel();
              release.run();
            }
            if (response != null) {
              answer.send(response);
            }
          });
    } catch (RejectedExecutionException e) {
      timeout.cancel();
      release.run();
      answer.send(busy("shutting down"));
    }
  }

  private RouteResponse run(HttpRoute route, Request request, String path) {
    String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (!security.authorized(path, authorization)) {
      return RouteResponse.text(401, "unauthorized\n")
          .withHeader("WWW-Authenticate", "Basic realm=\"kshealth\"");
    }
    try {
      return route.handler().handle(view(request, path));
    } catch (Exception | StackOverflowError e) {
      // A route that fails answers 500 and the server goes on; the cause is in the log.
      LOG.error("{} {} failed", request.getMethod(), path, e);
      return RouteResponse.text(500, "internal error: " + e + "\n");
    }
  }

  private static RouteResponse busy(String why) {
    return RouteResponse.text(503, why + ", try again\n").withHeader("Retry-After", "1");
  }

  private static RouteRequest view(Request request, String path) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (HttpField f : request.getHeaders()) {
      headers.computeIfAbsent(f.getLowerCaseName(), k -> new ArrayList<>()).add(f.getValue());
    }
    String query = request.getHttpURI().getQuery();
    return new RouteRequest(
        request.getMethod(),
        path,
        query == null ? "" : query,
        headers,
        address(request.getConnectionMetaData().getRemoteSocketAddress()));
  }

  private static InetAddress address(SocketAddress remote) {
    return remote instanceof InetSocketAddress inet
        ? inet.getAddress()
        : InetAddress.getLoopbackAddress();
  }

  private Callback counted(Callback callback, String label, Response response, long started) {
    return new Callback() {
      @Override
      public void succeeded() {
        metrics.observe(label, response.getStatus(), System.nanoTime() - started);
        callback.succeeded();
      }

      @Override
      public void failed(Throwable x) {
        metrics.observe(label, response.getStatus(), System.nanoTime() - started);
        callback.failed(x);
      }

      @Override
      public InvocationType getInvocationType() {
        return callback.getInvocationType();
      }
    };
  }

  /** One response, sent once: by the route, or by the timeout, whichever comes first. */
  private static final class Answer {
    private final Response response;
    private final Callback callback;
    private final AtomicBoolean sent = new AtomicBoolean();
    private volatile Runnable onSent = () -> {};

    Answer(Response response, Callback callback) {
      this.response = response;
      this.callback = callback;
    }

    void onSent(Runnable action) {
      this.onSent = action;
    }

    boolean sent() {
      return sent.get();
    }

    void send(RouteResponse r) {
      if (!sent.compareAndSet(false, true)) {
        return;
      }
      response.setStatus(r.status());
      HttpFields.Mutable headers = response.getHeaders();
      headers.put(HttpHeader.CONTENT_TYPE, r.contentType());
      r.headers().forEach(headers::put);
      headers.put(HttpHeader.CONTENT_LENGTH, r.body().length);
      Runnable done = onSent;
      response.write(
          true,
          ByteBuffer.wrap(r.body()),
          new Callback() {
            @Override
            public void succeeded() {
              done.run();
              callback.succeeded();
            }

            @Override
            public void failed(Throwable x) {
              done.run();
              callback.failed(x);
            }

            @Override
            public InvocationType getInvocationType() {
              return callback.getInvocationType();
            }
          });
    }
  }
}
