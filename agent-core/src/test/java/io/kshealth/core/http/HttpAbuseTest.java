package io.kshealth.core.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.core.agent.Agent;
import io.kshealth.core.config.AgentConfig;
import io.kshealth.core.config.HeapBudget;
import io.kshealth.core.config.HistoryConfig;
import io.kshealth.core.config.HttpConfig;
import io.kshealth.core.config.HttpLimits;
import io.kshealth.core.config.LoggingConfig;
import io.kshealth.core.config.ProbeConfig;
import io.kshealth.core.testing.MutableClock;
import io.kshealth.core.testing.TestCollectors;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, failure 2, against the agent's real server: 200 slowloris sockets and a burst of 2,000
 * concurrent scrapes while a kubelet-like probe (a new connection each time) asks {@code /healthz}
 * over and over. Every probe must be answered, each within 5 s (the one wall-clock bound);
 * the worst latency is printed for docs/benchmarks.md. Scrapes may be refused with 503, never left
 * unanswered.
 */
class HttpAbuseTest {

  /** Probes sent so far: they alternate between the agent's liveness and the app's. */
  private static final AtomicInteger PROBED = new AtomicInteger();

  private static final int SLOWLORIS = 200;
  private static final int SCRAPES = 2_000;
  private static final int SCRAPERS = 64;
  private static final Duration PROBE_BOUND = Duration.ofSeconds(5);
  private static final Duration PROBE_PERIOD = Duration.ofMillis(20);

  /** The loop's own bound: the test ends by itself even if the server never closes a socket. */
  private static final Duration RUN_BOUND = Duration.ofSeconds(90);

  private final MutableClock clock = new MutableClock();
  private final TestCollectors.Counting counting = new TestCollectors.Counting();
  private Agent agent;

  @BeforeEach
  void start() throws Exception {
    AgentConfig config =
        new AgentConfig(
            "test",
            new HttpConfig("127.0.0.1", 0),
            LoggingConfig.DEFAULT,
            new HistoryConfig(
                HistoryConfig.DEFAULT_WINDOW,
                1000,
                HistoryConfig.DEFAULT_STALE_AFTER,
                Optional.empty(),
                1 << 20),
            ProbeConfig.DEFAULTS,
            List.of(
                TestCollectors.config(
                    "counting", counting, Duration.ofSeconds(10), Duration.ofSeconds(2))),
            Map.of(),
            HeapBudget.UNCHECKED);
    agent = Agent.start(config, clock);
    await().until(() -> counting.runs.get() == 1);
  }

  @AfterEach
  void stop() {
    agent.close();
  }

  @Test
  void everyProbeIsAnsweredUnderSlowlorisAndAScrapeBurst() throws Exception {
    int port = agent.httpPort();
    AtomicInteger scraped = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger unanswered = new AtomicInteger();
    List<Long> probeMillis = new CopyOnWriteArrayList<>();
    ExecutorService scrapers = Executors.newFixedThreadPool(SCRAPERS);
    // The client's own threads, not the scrapers' (each scraper blocks on its response).
    HttpClient client = HttpClient.newHttpClient();
    ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor();
    List<String> badProbes = new CopyOnWriteArrayList<>();
    long started = System.nanoTime();
    try (Slowloris slow = new Slowloris(port, SLOWLORIS, Duration.ofSeconds(1))) {
      List<Future<?>> scrapes = new ArrayList<>();
      for (int i = 0; i < SCRAPES; i++) {
        scrapes.add(
            scrapers.submit(
                () -> {
                  try {
                    int code = scrape(client, port);
                    (code == 200 ? scraped : code == 503 ? refused : unanswered).incrementAndGet();
                  } catch (IOException e) {
                    unanswered.incrementAndGet();
                  }
                  return null;
                }));
      }
      prober.scheduleWithFixedDelay(
          () -> {
            long t0 = System.nanoTime();
            try {
              String response = probe(port);
              long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
              probeMillis.add(millis);
              if (!response.startsWith("HTTP/1.1 200 ") || millis >= PROBE_BOUND.toMillis()) {
                badProbes.add(millis + " ms: " + response);
              }
            } catch (IOException e) {
              badProbes.add("no answer: " + e);
            }
          },
          0,
          PROBE_PERIOD.toMillis(),
          TimeUnit.MILLISECONDS);
      await()
          .atMost(RUN_BOUND)
          .until(() -> slow.open() == 0 && scrapes.stream().allMatch(Future::isDone));
      prober.shutdown();
      assertTrue(prober.awaitTermination(PROBE_BOUND.toSeconds() + 1, TimeUnit.SECONDS));
      long worst = probeMillis.stream().mapToLong(Long::longValue).max().orElse(-1);
      System.out.printf(
          "http abuse: %d probes, worst /healthz or /probe/app/live %d ms, median %d ms; scrapes %d ok, %d refused"
              + " (503), %d unanswered; slowloris sockets closed by the server after %s at the"
              + " earliest, in %d s%n",
          probeMillis.size(),
          worst,
          probeMillis.stream().sorted().toList().get(probeMillis.size() / 2),
          scraped.get(),
          refused.get(),
          unanswered.get(),
          slow.shortestLife(),
          TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));

      assertEquals(List.of(), badProbes, "every probe answered 200 within " + PROBE_BOUND);
      assertEquals(0, slow.open(), "the server closed every slowloris socket");
      assertEquals(0, slow.finished(), "none got its whole request in");
      assertTrue(
          slow.shortestLife().compareTo(HttpLimits.DEFAULTS.readTimeout()) >= 0,
          "none closed before the read timeout: " + slow.shortestLife());
      assertEquals(SCRAPES, scraped.get() + refused.get(), "every scrape answered 200 or 503");
      assertTrue(scraped.get() > 0, "some scrapes served");
    } finally {
      scrapers.shutdownNow();
      prober.shutdownNow();
    }
  }

  private static int scrape(HttpClient client, int port) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
            .timeout(Duration.ofSeconds(60))
            .build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /**
   * As the kubelet probes: a new connection, one request, the connection closed; the agent's own
   * liveness and the app's (which the app container's livenessProbe asks the sidecar for) in turn.
   */
  private static String probe(int port) throws IOException {
    String path = PROBED.getAndIncrement() % 2 == 0 ? "/healthz" : "/probe/app/live";
    try (Socket s = new Socket()) {
      int bound = (int) PROBE_BOUND.toMillis();
      s.connect(new InetSocketAddress("127.0.0.1", port), bound);
      s.setSoTimeout(bound);
      s.getOutputStream()
          .write(
              ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
