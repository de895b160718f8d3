package io.kshealth.core.http.page;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.api.Collector;
import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.Snapshot;
import io.kshealth.core.agent.Agent;
import io.kshealth.core.config.AgentConfig;
import io.kshealth.core.config.HeapBudget;
import io.kshealth.core.config.HistoryConfig;
import io.kshealth.core.config.HttpConfig;
import io.kshealth.core.config.LoggingConfig;
import io.kshealth.core.config.ProbeConfig;
import io.kshealth.core.testing.MutableClock;
import io.kshealth.core.testing.TestCollectors;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /} on a real agent over a real socket, including what an attacker would send. */
class StatusPageHttpTest {

  private static final Duration INTERVAL = Duration.ofSeconds(10);
  private static final Metric TIME_LAG = Metric.gauge("kshealth_lag_max_seconds", "Time lag.");

  private final MutableClock clock = new MutableClock();
  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicInteger runs = new AtomicInteger();
  private Agent agent;

  @BeforeEach
  void start() throws Exception {
    Collector lag =
        (Snapshot.Builder out) ->
            out.add(TIME_LAG, Labels.of("group", "<b>g</b>"), 2.0 * runs.incrementAndGet());
    Collector hostile =
        out -> {
          throw new IllegalStateException("<script>alert(1)</script>");
        };
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
                TestCollectors.config("lag", lag, INTERVAL, Duration.ofSeconds(2)),
                TestCollectors.config("hostile", hostile, INTERVAL, Duration.ofSeconds(2))),
            Map.of(),
            HeapBudget.UNCHECKED);
    agent = Agent.start(config, clock);
  }

  @AfterEach
  void stop() {
    agent.close();
  }

  @Test
  void servesTheStatusPageWithTheHistorysTrends() throws Exception {
    await().until(() -> runs.get() == 1);
    clock.advance(INTERVAL);
    await().until(() -> runs.get() == 2);
    await().until(() -> get("GET", "/").body().contains("<span class=\"latest\">4.0 s</span>"));

    HttpResponse<String> page = get("GET", "/");
    assertEquals(200, page.statusCode());
    assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").get());
    assertEquals("no-store", page.headers().firstValue("Cache-Control").get());
    assertTrue(page.headers().firstValue("Content-Security-Policy").get().contains("'none'"));
    String html = page.body();
    assertEquals(1, html.split("<svg class=\"spark\"", -1).length - 1, html);
    assertTrue(html.contains("hostile (test): failing: "), html);
    assertFalse(html.contains("<script"), html);
    assertFalse(html.contains("<b>g</b>"), html);
    for (String area : List.of("streams", "lag", "memory", "disk", "ebs", "host", "agent")) {
      assertTrue(html.contains("data-area=\"" + area + "\""), area);
    }
  }

  @Test
  void abuse() throws Exception {
    assertEquals(405, get("POST", "/").statusCode());
    assertEquals(405, get("DELETE", "/").statusCode());
    HttpResponse<String> query = get("GET", "/?x=%3Cscript%3Ealert(1)%3C/script%3E");
    assertEquals(200, query.statusCode());
    assertFalse(query.body().contains("<script"));
    assertEquals(404, get("GET", "/%3Cscript%3E").statusCode());
    assertEquals(404, get("GET", "/index.html").statusCode());
  }

  private HttpResponse<String> get(String method, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.httpPort() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(10))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
