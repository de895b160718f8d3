package io.kshealth.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/kshealth run} with the default config, as a user starts it and scrapes it. */
class DistributionIT {

  private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0";

  @TempDir static Path workDir;

  private static Daemon agent;

  @BeforeAll
  static void startAgent() throws IOException {
    agent = Kshealth.distribution().start(workDir);
    agent.awaitReady();
  }

  @AfterAll
  static void killAgent() {
    agent.close();
  }

  @Test
  void healthzAnswersOk() throws Exception {
    HttpResponse<byte[]> response = agent.get("/healthz");

    assertEquals(200, response.statusCode());
    assertEquals("ok", text(response).strip());
  }

  @Test
  void statusIsJsonWithTheAgentCollectorUpOnItsOwnPid() throws Exception {
    Map<?, ?> status = status(agent);

    assertEquals(true, status.get("ready"), () -> "status: " + status);
    Map<?, ?> collector = Status.collector(status, "agent");
    assertEquals("process", collector.get("type"));
    assertEquals(true, collector.get("up"), () -> "collector: " + collector);
    String target = String.valueOf(collector.get("target"));
    assertTrue(target.startsWith("pid "), target);
    assertEquals(
        "pid " + agent.pid(), target, "bin/kshealth must exec the JVM (SIGTERM reaches it)");
  }

  @Test
  void metricsPassPromtoolAndHoldAgentJvmAndProcessMetrics() throws Exception {
    HttpResponse<byte[]> response = agent.get("/metrics");
    String body = text(response);

    assertEquals(200, response.statusCode());
    assertTrue(contentType(response).startsWith("text/plain"), contentType(response));
    Exec.Result promtool = Promtool.checkMetrics(body);
    assertEquals(0, promtool.exitCode(), promtool::describe);
    for (String metric :
        List.of(
            "kshealth_process_resident_memory_bytes{process=\"agent\"}",
            "kshealth_collector_up{collector=\"agent\"} 1",
            "jvm_memory_used_bytes",
            "process_cpu_seconds_total")) {
      assertTrue(body.contains(metric), () -> metric + " missing from /metrics:\n" + body);
    }
  }

  @Test
  void openMetricsOnRequestEndsWithEofAndParses(@TempDir Path scratch) throws Exception {
    HttpResponse<byte[]> response = agent.get("/metrics", "Accept", OPENMETRICS);
    String body = text(response);

    assertEquals(200, response.statusCode());
    assertTrue(
        contentType(response).startsWith("application/openmetrics-text"), contentType(response));
    assertTrue(body.stripTrailing().endsWith("# EOF"), () -> "no final # EOF:\n" + body);
    assertTrue(body.contains("kshealth_process_resident_memory_bytes{process=\"agent\"}"), body);
    Exec.Result promtool = Promtool.checkOpenMetrics(body, scratch);
    assertEquals(0, promtool.exitCode(), promtool::describe);
  }

  @Test
  void metricsAreGzippedOnRequest() throws Exception {
    HttpResponse<byte[]> response = agent.get("/metrics", "Accept-Encoding", "gzip");

    assertEquals(200, response.statusCode());
    assertEquals(Set.of("gzip"), Set.copyOf(response.headers().allValues("Content-Encoding")));
    String body;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
      body = new String(in.readAllBytes(), UTF_8);
    }
    assertTrue(body.contains("kshealth_process_resident_memory_bytes{process=\"agent\"}"), body);
  }

  @Test
  void sigtermSavesHistoryThatTheNextStartLoads(@TempDir Path dir) throws Exception {
    Kshealth kshealth = Kshealth.distribution();
    try (Daemon first = kshealth.start(dir)) {
      first.awaitReady();

      first.stopCleanly();

      assertTrue(first.log().contains("history saved to"), first.log());
      assertTrue(first.log().contains("stopped"), first.log());
    }
    Path saved = dir.resolve("data/history.bin");
    assertTrue(Files.isRegularFile(saved), saved + " missing; directory holds " + list(dir));

    try (Daemon second = kshealth.start(dir)) {
      second.awaitReady();

      assertTrue(second.log().contains("history loaded from"), second.log());
      Map<?, ?> status = status(second);
      assertTrue(number(Json.object(status.get("history")), "series") > 0, status::toString);
      // The points loaded plus those of this run's first collection: more than one per series.
      await()
          .atMost(Daemon.READY_TIMEOUT)
          .until(() -> history(second, "points") > history(second, "series"));
      second.stopCleanly();
    }
  }

  /** Where node_exporter already runs: off /metrics, yet in the history that rules read. */
  @Test
  void aCollectorKeptOffMetricsStillFeedsTheHistory(@TempDir Path dir) throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("hidden-node.yaml"), "collectors:\n  node: {type: node, expose: false}\n");
    try (Daemon agent = Kshealth.distribution().start(dir, Map.of(), config)) {
      agent.awaitReady();
      String metrics = text(agent.get("/metrics"));
      assertFalse(metrics.contains("kshealth_node_"), metrics);
      Map<?, ?> status = status(agent);
      assertEquals(false, Status.collector(status, "node").get("exposed"));
      // The node collector's CPU, load, memory and fd series: more than the scheduler's own.
      assertTrue(history(agent, "series") >= 20, status::toString);
      agent.stopCleanly();
    }
  }

  @Test
  void logsAreJsonLinesWhenTheConfigSaysSo(@TempDir Path dir) throws Exception {
    String log;
    try (Daemon json =
        Kshealth.distribution()
            .start(
                dir,
                Map.of("KSHEALTH_LOG_FORMAT", "json"),
                Kshealth.distribution().defaultConfig())) {
      json.awaitReady();
      json.stopCleanly();
      log = json.log();
    }

    List<String> lines = log.lines().filter(line -> !line.isBlank()).toList();
    assertTrue(lines.size() >= 3, log);
    for (String line : lines) {
      Map<?, ?> event = Json.object(Json.parse(line));
      assertTrue(event.containsKey("level") && event.containsKey("timestamp"), line);
    }
    assertTrue(
        lines.stream()
            .map(line -> String.valueOf(uncheckedParse(line).get("formattedMessage")))
            .anyMatch(
                message -> message.startsWith("kshealth ") && message.contains("listening on")),
        log);
  }

  @Test
  void logsArePlainTextByDefault() throws Exception {
    List<String> lines = agent.log().lines().filter(line -> !line.isBlank()).toList();
    assertTrue(
        lines.stream()
            .anyMatch(
                line ->
                    line.matches(
                        "\\d{4}-\\d\\d-\\d\\dT\\S+ INFO  \\[main] Agent - kshealth .* listening on .*")),
        agent.log());
  }

  /** The test bed (broker, Kafka's test kit, the sample app) never ships with the agent. */
  @Test
  void carriesNoBrokerTestKitOrSampleApp() throws IOException {
    List<String> jars;
    try (var files = Files.list(Locations.home().resolve("lib"))) {
      jars = files.map(path -> path.getFileName().toString()).toList();
    }
    assertTrue(
        jars.stream()
            .noneMatch(
                jar ->
                    jar.matches(
                        "(kafka_2\\.13|kafka-test-common|kafka-server|kafka-raft|kafka-metadata"
                            + "|kshealth-demo|testcontainers|scala-|junit).*")),
        jars.toString());
  }

  /** Each of the agent's own jars names its module, so a module-path user gets stable names. */
  @Test
  void everyKshealthJarHasAnAutomaticModuleName() throws IOException {
    Map<String, String> names = new TreeMap<>();
    try (var files = Files.list(Locations.home().resolve("lib"))) {
      for (Path jar :
          files
              .filter(p -> p.getFileName().toString().matches("(agent-|kshealth-).*\\.jar"))
              .toList()) {
        try (JarFile file = new JarFile(jar.toFile())) {
          names.put(
              jar.getFileName().toString().replaceAll("-\\d.*", ""),
              file.getManifest().getMainAttributes().getValue("Automatic-Module-Name"));
        }
      }
    }
    assertEquals(
        Map.of(
            "agent-alerts", "io.kshealth.alerts",
            "agent-collectors", "io.kshealth.collectors",
            "agent-core", "io.kshealth.core",
            "kshealth-dist", "io.kshealth.dist"),
        names);
  }

  private static Map<?, ?> uncheckedParse(String line) {
    try {
      return Json.object(Json.parse(line));
    } catch (IOException e) {
      throw new AssertionError(line, e);
    }
  }

  private static Map<?, ?> status(Daemon daemon) throws IOException, InterruptedException {
    HttpResponse<byte[]> response = daemon.get("/api/v1/status");
    assertEquals(200, response.statusCode());
    assertTrue(contentType(response).startsWith("application/json"), contentType(response));
    return Json.object(Json.parse(text(response)));
  }

  private static long history(Daemon daemon, String field)
      throws IOException, InterruptedException {
    return number(Json.object(status(daemon).get("history")), field);
  }

  private static long number(Map<?, ?> object, String field) {
    Object value = object.get(field);
    assertTrue(value instanceof Number, () -> field + " is not a number in " + object);
    return ((Number) value).longValue();
  }

  private static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), UTF_8);
  }

  private static String contentType(HttpResponse<byte[]> response) {
    return response.headers().firstValue("Content-Type").orElse("");
  }

  private static List<Path> list(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      return files.toList();
    }
  }
}
