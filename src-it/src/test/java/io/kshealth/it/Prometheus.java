package io.kshealth.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kshealth.demo.driver.ChildProcess;
import io.kshealth.demo.driver.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Debian's Prometheus server (package prometheus) as a child process on a loopback port, with the
 * scrape jobs a test gives it, its own storage in a directory of the test's and its output in
 * {@code prometheus.log} there.
 */
final class Prometheus implements AutoCloseable {

  /** Hang guard only: Prometheus is ready in about a second. */
  static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** One scrape target of {@code GET /api/v1/targets}: its job, health and last error. */
  record Target(String job, String scrapeUrl, String health, String lastError) {}

  private final Path dir;
  private final int port;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(REQUEST_TIMEOUT)
          .build();
  private final ChildProcess process;

  private Prometheus(Path dir, int port, ChildProcess process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  /**
   * Starts one scraping every second with the jobs of {@code scrapeConfigs}, YAML list items
   * indented as under {@code scrape_configs:}; returns once {@code /-/ready} answers 200.
   */
  static Prometheus start(Path dir, String scrapeConfigs) throws IOException {
    return start(dir, scrapeConfigs, List.of());
  }

  /** As {@link #start(Path, String)}, also evaluating the rule files every second. */
  static Prometheus start(Path dir, String scrapeConfigs, List<Path> ruleFiles) throws IOException {
    Files.createDirectories(dir);
    Path config = dir.resolve("prometheus.yml");
    StringBuilder rules = new StringBuilder("rule_files:\n");
    ruleFiles.forEach(f -> rules.append("  - ").append(f.toAbsolutePath()).append('\n'));
    Files.writeString(
        config,
        "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n"
            + (ruleFiles.isEmpty() ? "" : rules)
            + "scrape_configs:\n"
            + scrapeConfigs);
    int port = Ports.freeLoopbackPort();
    ProcessBuilder command =
        new ProcessBuilder(
            Tools.host("prometheus", "prometheus"),
            "--config.file=" + config,
            "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("data")),
            "--web.listen-address=127.0.0.1:" + port);
    Prometheus prometheus =
        new Prometheus(
            dir, port, ChildProcess.start("prometheus", command, dir.resolve("prometheus.log")));
    try {
      await()
          .atMost(READY_TIMEOUT)
          .pollInterval(Duration.ofMillis(100))
          .until(() -> prometheus.readyStatus() == 200);
    } catch (ConditionTimeoutException e) {
      prometheus.close();
      throw new AssertionError("Prometheus never became ready; log:\n" + prometheus.log(), e);
    }
    return prometheus;
  }

  /** {@code GET /api/v1/targets}: the active targets. */
  List<Target> targets() throws IOException, InterruptedException {
    Map<?, ?> data = Json.object(Json.object(Json.parse(get("/api/v1/targets"))).get("data"));
    List<Target> targets = new ArrayList<>();
    for (Object item : Json.array(data.get("activeTargets"))) {
      Map<?, ?> target = Json.object(item);
      targets.add(
          new Target(
              (String) Json.object(target.get("labels")).get("job"),
              (String) target.get("scrapeUrl"),
              (String) target.get("health"),
              (String) target.get("lastError")));
    }
    return targets;
  }

  /** The target of {@code job}, which must be the only one of that job. */
  Target target(String job) throws IOException, InterruptedException {
    List<Target> matching = targets().stream().filter(t -> t.job().equals(job)).toList();
    assertEquals(1, matching.size(), () -> "targets of job " + job + ": " + matching);
    return matching.get(0);
  }

  /** An instant query; the number of series in its result. */
  int seriesCount(String expression) throws IOException, InterruptedException {
    String body =
        get("/api/v1/query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8));
    Map<?, ?> data = Json.object(Json.object(Json.parse(body)).get("data"));
    return Json.array(data.get("result")).size();
  }

  /**
   * A range query from {@code start} to {@code end} at a step of one second; the number of samples
   * in its result, over every series.
   */
  int samplesBetween(String expression, Instant start, Instant end)
      throws IOException, InterruptedException {
    String body =
        get(
            "/api/v1/query_range?query="
                + URLEncoder.encode(expression, StandardCharsets.UTF_8)
                + "&start="
                + start.getEpochSecond()
                + "&end="
                + end.getEpochSecond()
                + "&step=1");
    Map<?, ?> data = Json.object(Json.object(Json.parse(body)).get("data"));
    int samples = 0;
    for (Object series : Json.array(data.get("result"))) {
      samples += Json.array(Json.object(series).get("values")).size();
    }
    return samples;
  }

  String log() throws IOException {
    Path log = dir.resolve("prometheus.log");
    return Files.exists(log) ? Files.readString(log) : "(no log)";
  }

  private String get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(REQUEST_TIMEOUT)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), () -> "GET " + path + ": " + response.body());
    return response.body();
  }

  private int readyStatus() throws IOException {
    if (!process.isAlive()) {
      throw new AssertionError("Prometheus exited before ready; log:\n" + log());
    }
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready"))
                  .timeout(REQUEST_TIMEOUT)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException notListeningYet) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  @Override
  public void close() {
    process.close();
  }
}
