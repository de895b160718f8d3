package io.kshealth.core.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.kshealth.api.Labels;
import io.kshealth.core.config.AgentConfig;
import io.kshealth.core.config.CollectorConfig;
import io.kshealth.core.config.HeapBudget;
import io.kshealth.core.config.HistoryConfig;
import io.kshealth.core.config.HttpConfig;
import io.kshealth.core.config.LoggingConfig;
import io.kshealth.core.config.ProbeConfig;
import io.kshealth.core.testing.MutableClock;
import io.kshealth.core.testing.TestCollectors;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent end to end in one JVM: scheduler, history and HTTP, driven by a test clock. */
class AgentTest {

  private static final Duration INTERVAL = Duration.ofSeconds(10);
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  @TempDir Path dataDir;
  private final MutableClock clock = new MutableClock();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final TestCollectors.Hanging hanging = new TestCollectors.Hanging();
  private final TestCollectors.Counting counting = new TestCollectors.Counting();
  private Agent agent;

  private AgentConfig config;

  @BeforeEach
  void start() throws Exception {
    List<CollectorConfig> collectors =
        List.of(
            TestCollectors.config("hanging", hanging, INTERVAL, TIMEOUT),
            TestCollectors.config("counting", counting, INTERVAL, TIMEOUT));
    config =
        new AgentConfig(
            "test",
            new HttpConfig("127.0.0.1", 0),
            LoggingConfig.DEFAULT,
            new HistoryConfig(
                HistoryConfig.DEFAULT_WINDOW,
                1000,
                HistoryConfig.DEFAULT_STALE_AFTER,
                Optional.of(dataDir),
                1 << 20),
            ProbeConfig.DEFAULTS,
            collectors,
            Map.of(),
            HeapBudget.UNCHECKED);
    agent = Agent.start(config, clock);
  }

  @AfterEach
  void stop() {
    hanging.release.countDown();
    agent.close();
  }

  private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.httpPort() + path))
            .timeout(Duration.ofSeconds(10));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private String metrics() throws Exception {
    HttpResponse<byte[]> r = get("/metrics");
    assertEquals(200, r.statusCode());
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void aHangingCollectorDelaysNeitherMetricsNorTheOtherCollectors() throws Exception {
    await().until(() -> counting.runs.get() == 1 && hanging.started.get() == 1);
    assertTrue(metrics().contains("kshealth_test_value{run=\"latest\"} 1.0"));

    // Five collection cycles while the hanging collector's first call never returns.
    for (int cycle = 2; cycle <= 6; cycle++) {
      clock.advance(INTERVAL);
      int expected = cycle;
      await().until(() -> counting.runs.get() == expected);
      await()
          .until(
              () -> metrics().contains("kshealth_test_value{run=\"latest\"} " + expected + ".0"));
    }

    String m = metrics();
    assertTrue(m.contains("kshealth_collector_up{collector=\"counting\"} 1.0"), m);
    assertTrue(m.contains("kshealth_collector_up{collector=\"hanging\"} 0.0"), m);
    assertTrue(m.contains("kshealth_test_events_total 6.0"), m);
    assertEquals(1, hanging.started.get());
  }

  /**
   * A series written into the history by a recording rule is for the rules: a Prometheus scraping
   * the agent runs the twin's recording rule of the same name.
   */
  @Test
  void recordedSeriesAreNotOnMetrics() throws Exception {
    await().until(() -> counting.runs.get() == 1);
    agent
        .history()
        .record(
            new io.kshealth.api.SeriesKey("job:kshealth_test_value:sum", Labels.of("run", "all")),
            clock.millis(),
            7);
    assertEquals(1, agent.history().seriesNamed("job:kshealth_test_value:sum").size());
    String m = metrics();
    assertTrue(m.contains("kshealth_test_value{run=\"latest\"} 1.0"), m);
    assertFalse(m.contains("job:kshealth_test_value:sum"), m);
  }

  /** A scrape names the run its samples came from, so a reader can tell one run from the next. */
  @Test
  void eachCollectorsSamplesComeWithTheStartOfTheirRun() throws Exception {
    await().until(() -> counting.runs.get() == 1);
    double first = clock.millis() / 1000.0;
    assertTrue(
        metrics()
            .contains(
                "kshealth_collector_snapshot_timestamp_seconds{collector=\"counting\"} " + first),
        metrics());
    clock.advance(INTERVAL);
    await().until(() -> counting.runs.get() == 2);
    await()
        .until(
            () ->
                metrics()
                    .contains(
                        "kshealth_collector_snapshot_timestamp_seconds{collector=\"counting\"} "
                            + (first + INTERVAL.toSeconds())));
    assertFalse(
        metrics().contains("kshealth_collector_snapshot_timestamp_seconds{collector=\"hanging\"}"),
        "a collector without a finished run has no snapshot");
  }

  @Test
  void readyOnceEveryCollectorHasFinishedARunOrASecondAfterStart() throws Exception {
    await().until(() -> counting.runs.get() == 1 && hanging.started.get() == 1);
    HttpResponse<byte[]> notReady = get("/readyz");
    assertEquals(503, notReady.statusCode());
    assertTrue(new String(notReady.body(), StandardCharsets.UTF_8).contains("hanging"));
    assertEquals(200, get("/healthz").statusCode(), "alive while not ready");

    // A second after start the hanging collector's first run (2 s timeout) counts as pending.
    clock.advance(Duration.ofSeconds(1));
    HttpResponse<byte[]> pending = get("/readyz");
    assertEquals(200, pending.statusCode());
    assertEquals(
        "ready; first run pending: hanging\n", new String(pending.body(), StandardCharsets.UTF_8));

    clock.advance(TIMEOUT);
    await()
        .until(() -> new String(get("/readyz").body(), StandardCharsets.UTF_8).equals("ready\n"));
  }

  /**
   * The second counts from the process start: an agent that began serving 0.8 s after its process
   * started (the JVM, the config, the rules) waits 0.2 s more, so that /readyz answers within the
   * same time of the process start however slowly the config loaded.
   */
  @Test
  void theWaitForFirstRunsCountsFromTheProcessStart() throws Exception {
    agent.close();
    agent = Agent.start(config, clock, SelfMetrics.create(), Duration.ofMillis(800));
    await().until(() -> hanging.started.get() == 2);
    assertEquals(503, get("/readyz").statusCode());
    clock.advance(Duration.ofMillis(199));
    assertEquals(503, get("/readyz").statusCode());
    clock.advance(Duration.ofMillis(1));
    assertEquals(
        "ready; first run pending: hanging\n",
        new String(get("/readyz").body(), StandardCharsets.UTF_8));

    // Started later than the second: ready at once, the first runs pending.
    agent.close();
    agent = Agent.start(config, clock, SelfMetrics.create(), Duration.ofMillis(1500));
    await().until(() -> hanging.started.get() == 3);
    assertEquals(200, get("/readyz").statusCode());
  }

  @Test
  void negotiatesTheExpositionFormat() throws Exception {
    await().until(() -> counting.runs.get() == 1);

    HttpResponse<byte[]> text = get("/metrics");
    assertEquals(
        "text/plain; version=0.0.4; charset=utf-8",
        text.headers().firstValue("Content-Type").orElseThrow());

    HttpResponse<byte[]> om =
        get("/metrics", "Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertTrue(
        om.headers()
            .firstValue("Content-Type")
            .orElseThrow()
            .startsWith("application/openmetrics-text"));
    String body = new String(om.body(), StandardCharsets.UTF_8);
    assertTrue(body.endsWith("# EOF\n"), "OpenMetrics ends with # EOF");
    assertTrue(body.contains("kshealth_test_events_total 1.0"), body);

    HttpResponse<byte[]> gz = get("/metrics", "Accept-Encoding", "gzip");
    assertEquals("gzip", gz.headers().firstValue("Content-Encoding").orElseThrow());
    String unzipped =
        new String(
            new GZIPInputStream(new ByteArrayInputStream(gz.body())).readAllBytes(),
            StandardCharsets.UTF_8);
    assertTrue(unzipped.contains("kshealth_test_value"), unzipped);
    assertTrue(unzipped.contains("jvm_memory_used_bytes"), "the agent's own JVM metrics");
    assertTrue(unzipped.contains("process_cpu_seconds_total"), "the standard process CPU name");
  }

  @Test
  void statusDescribesEachCollector() throws Exception {
    await().until(() -> counting.runs.get() == 1 && hanging.started.get() == 1);
    clock.advance(TIMEOUT);
    await()
        .until(() -> new String(get("/readyz").body(), StandardCharsets.UTF_8).equals("ready\n"));

    HttpResponse<byte[]> r = get("/api/v1/status");
    assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
    Map<String, Map<String, String>> collectors = collectorsOf(r.body());
    assertEquals("true", collectors.get("counting").get("up"));
    assertEquals("false", collectors.get("hanging").get("up"));
    assertEquals("timed out after 2s", collectors.get("hanging").get("last_error"));
    assertEquals("true", collectors.get("hanging").get("running"));
    assertEquals("10s", collectors.get("counting").get("interval"));
  }

  @Test
  void onlyGetAndHead() throws Exception {
    HttpResponse<byte[]> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.httpPort() + "/metrics"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(405, r.statusCode());
    assertEquals(404, get("/nothing-here").statusCode());
  }

  @Test
  void savesHistoryWhenStopped() {
    await().until(() -> counting.runs.get() == 1);
    hanging.release.countDown();
    agent.close();
    assertTrue(Files.exists(dataDir.resolve("history.bin")));
  }

  /** The scalar fields of each entry of "collectors", by collector name. */
  private static Map<String, Map<String, String>> collectorsOf(byte[] json) throws IOException {
    Map<String, Map<String, String>> result = new HashMap<>();
    try (JsonParser p = new JsonFactory().createParser(json)) {
      while (p.nextToken() != null) {
        if (p.currentToken() == JsonToken.FIELD_NAME && p.currentName().equals("collectors")) {
          p.nextToken();
          while (p.nextToken() == JsonToken.START_OBJECT) {
            Map<String, String> fields = new HashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String name = p.currentName();
              p.nextToken();
              fields.put(name, p.currentToken() == JsonToken.VALUE_NULL ? null : p.getText());
            }
            result.put(fields.get("name"), fields);
          }
          return result;
        }
      }
    }
    return result;
  }
}
