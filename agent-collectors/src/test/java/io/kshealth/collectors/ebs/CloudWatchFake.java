package io.kshealth.collectors.ebs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * CloudWatch's {@code GetMetricData} as the real SDK client speaks it today: Smithy RPC v2 CBOR
 * over HTTP, on loopback. It decodes every request, records it for the test, and checks the
 * protocol (path, headers, the SigV4 signature, tag-1 timestamps); a request that breaks it is
 * answered 400 and listed in {@link #violations()}.
 *
 * <p>Unless a test scripted another answer with {@link #then}, it answers from the points published
 * to it, as CloudWatch does: only points inside the requested window, newest first, paged when
 * {@link #pointsPerPage} says so.
 */
final class CloudWatchFake implements AutoCloseable {

  static final String PATH = "/service/GraniteServiceVersion20100801/operation/GetMetricData";
  static final String CBOR = "application/cbor";

  /** One query of a request. */
  record Query(
      String id,
      String namespace,
      String metricName,
      String dimensionName,
      String dimensionValue,
      long period,
      String stat) {}

  /** One request as the fake received it. */
  record Call(Map<String, List<String>> headers, Map<String, Object> body) {
    Instant startTime() {
      return (Instant) body.get("StartTime");
    }

    Instant endTime() {
      return (Instant) body.get("EndTime");
    }

    Optional<String> nextToken() {
      return Optional.ofNullable((String) body.get("NextToken"));
    }

    List<Query> queries() {
      List<Query> out = new ArrayList<>();
      for (Object o : (List<?>) body.get("MetricDataQueries")) {
        Map<?, ?> q = (Map<?, ?>) o;
        Map<?, ?> stat = (Map<?, ?>) q.get("MetricStat");
        Map<?, ?> metric = (Map<?, ?>) stat.get("Metric");
        List<?> dimensions = (List<?>) metric.get("Dimensions");
        if (dimensions.size() != 1) {
          throw new AssertionError("expected one dimension: " + dimensions);
        }
        Map<?, ?> d = (Map<?, ?>) dimensions.get(0);
        out.add(
            new Query(
                (String) q.get("Id"),
                (String) metric.get("Namespace"),
                (String) metric.get("MetricName"),
                (String) d.get("Name"),
                (String) d.get("Value"),
                (Long) stat.get("Period"),
                (String) stat.get("Stat")));
      }
      return out;
    }
  }

  /** What the fake sends back: an HTTP status, extra headers and a CBOR document. */
  record Reply(int status, Map<String, String> headers, Map<String, Object> body) {}

  /** Throttled, as CloudWatch says it to a query-compatible RPC v2 client. */
  static final Reply THROTTLED =
      new Reply(
          400,
          Map.of("x-amzn-query-error", "Throttling;Sender"),
          Map.of(
              "__type",
              "com.amazon.coral.availability#ThrottlingException",
              "message",
              "Rate exceeded"));

  static final Reply INTERNAL_ERROR =
      new Reply(
          500,
          Map.of("x-amzn-query-error", "InternalServiceError;Receiver"),
          Map.of(
              "__type",
              "com.amazonaws.cloudwatch#InternalServiceFault",
              "Message",
              "Internal service error"));

  private final SigV4Verifier signatures;
  private final HttpServer server;
  private final Map<String, NavigableMap<Instant, Double>> published = new HashMap<>();
  private final Map<String, String> statusOverrides = new HashMap<>();
  private final Deque<Reply> script = new ArrayDeque<>();
  private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
  private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
  private int pointsPerPage = Integer.MAX_VALUE;

  /**
   * @param region and the keys: what every call must be signed for and with
   */
  CloudWatchFake(String region, String accessKey, String secretKey) throws IOException {
    this.signatures = new SigV4Verifier(accessKey, secretKey, region, "monitoring");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  synchronized void publish(String metricName, String dimensionValue, Instant at, double value) {
    published
        .computeIfAbsent(metricName + "|" + dimensionValue, k -> new TreeMap<>())
        .put(at, value);
  }

  /** Gives the result of this series a status other than {@code Complete}. */
  synchronized void status(String metricName, String dimensionValue, String statusCode) {
    statusOverrides.put(metricName + "|" + dimensionValue, statusCode);
  }

  synchronized void pointsPerPage(int n) {
    pointsPerPage = n;
  }

  /** Answers the next calls with these replies, one each, before answering from data again. */
  synchronized void then(Reply... replies) {
    script.addAll(List.of(replies));
  }

  List<Call> calls() {
    return List.copyOf(calls);
  }

  List<String> violations() {
    return List.copyOf(violations);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] request = exchange.getRequestBody().readAllBytes();
      Optional<String> violation = violation(exchange, request);
      Map<String, Object> body = Map.of();
      if (violation.isEmpty()) {
        try {
          @SuppressWarnings("unchecked")
          Map<String, Object> decoded = (Map<String, Object>) CloudWatchCbor.read(request);
          body = decoded;
          if (!(body.get("StartTime") instanceof Instant
              && body.get("EndTime") instanceof Instant)) {
            violation = Optional.of("StartTime and EndTime must be tag-1 timestamps: " + body);
          }
        } catch (IOException | ClassCastException e) {
          violation = Optional.of("body is not a CBOR map: " + e);
        }
      }
      Reply reply;
      if (violation.isPresent()) {
        violations.add(violation.get());
        reply =
            new Reply(
                400,
                Map.of(),
                Map.of("__type", "SerializationException", "message", violation.get()));
      } else {
        Call call = new Call(Map.copyOf(exchange.getRequestHeaders()), body);
        calls.add(call);
        reply = reply(call);
      }
      byte[] out = CloudWatchCbor.write(reply.body());
      exchange.getResponseHeaders().set("Content-Type", CBOR);
      exchange.getResponseHeaders().set("smithy-protocol", "rpc-v2-cbor");
      reply.headers().forEach(exchange.getResponseHeaders()::set);
      exchange.sendResponseHeaders(reply.status(), out.length);
      exchange.getResponseBody().write(out);
    }
  }

  private Optional<String> violation(HttpExchange exchange, byte[] body) {
    var h = exchange.getRequestHeaders();
    if (!exchange.getRequestMethod().equals("POST")) {
      return Optional.of("method " + exchange.getRequestMethod());
    } else if (!exchange.getRequestURI().getPath().equals(PATH)) {
      return Optional.of("path " + exchange.getRequestURI());
    } else if (!CBOR.equals(h.getFirst("Content-Type"))) {
      return Optional.of("Content-Type " + h.getFirst("Content-Type"));
    } else if (!"rpc-v2-cbor".equals(h.getFirst("smithy-protocol"))) {
      return Optional.of("smithy-protocol " + h.getFirst("smithy-protocol"));
    }
    return signatures.problem(exchange.getRequestMethod(), PATH, h, body);
  }

  /** One published point, with the query it answers. */
  private record Found(Query query, Instant at, double value) {}

  private synchronized Reply reply(Call call) {
    if (!script.isEmpty()) {
      return script.poll();
    }
    // Every query's points in the window, newest first, flattened so that pages can split them.
    List<Found> points = new ArrayList<>();
    for (Query q : call.queries()) {
      published
          .getOrDefault(q.metricName() + "|" + q.dimensionValue(), new TreeMap<>())
          .subMap(call.startTime(), true, call.endTime(), false)
          .descendingMap()
          .forEach((t, v) -> points.add(new Found(q, t, v)));
    }
    int from = call.nextToken().map(Integer::parseInt).orElse(0);
    int to = (int) Math.min((long) from + pointsPerPage, points.size());
    Map<String, Integer> lastIndex = new HashMap<>();
    for (int i = 0; i < points.size(); i++) {
      lastIndex.put(points.get(i).query().id(), i);
    }
    List<Object> results = new ArrayList<>();
    for (Query q : call.queries()) {
      int last = lastIndex.getOrDefault(q.id(), -1);
      // The first page names every query; later ones only those with points left.
      if (from == 0 || last >= from) {
        List<Found> mine =
            points.subList(from, to).stream().filter(f -> f.query().equals(q)).toList();
        results.add(result(q, mine, last >= to));
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("MetricDataResults", results);
    body.put("Messages", List.of());
    if (to < points.size()) {
      body.put("NextToken", Integer.toString(to));
    }
    return new Reply(200, Map.of(), body);
  }

  /** A result is Complete once its last point is on this page or an earlier one. */
  private Map<String, Object> result(Query q, List<Found> points, boolean more) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("Id", q.id());
    r.put("Label", q.metricName());
    r.put("Timestamps", points.stream().map(Found::at).toList());
    r.put("Values", points.stream().map(Found::value).toList());
    String key = q.metricName() + "|" + q.dimensionValue();
    r.put("StatusCode", statusOverrides.getOrDefault(key, more ? "PartialData" : "Complete"));
    return r;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
