package io.kshealth.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.demo.driver.ChildProcess;
import io.kshealth.demo.driver.Ports;
import io.kshealth.demo.driver.Series;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's node and disk readings against Debian's node_exporter, the tool operators already
 * trust. Counters: node_exporter is scraped just before and just after {@code kshealth once}, and
 * the agent's value must lie between the two. Gauges move on their own, so they agree within a
 * stated tolerance.
 */
class NodeExporterComparisonIT {

  /**
   * MemAvailable tolerance around the range the two scrapes span: the {@code once} JVM (about 100
   * MiB resident while it reads) is alive for our reading and gone for node_exporter's second
   * scrape, and other processes on a shared CI machine allocate meanwhile.
   */
  static final double MEMORY_TOLERANCE_BYTES = 256.0 * 1024 * 1024;

  /** Filesystem tolerance: build logs and test files are written to the same disk meanwhile. */
  static final double FILESYSTEM_TOLERANCE_BYTES = 64.0 * 1024 * 1024;

  /**
   * CPU seconds tolerance per CPU. node_exporter has only the per-CPU lines of /proc/stat, which we
   * sum; the agent reads the aggregate line. The kernel converts each line from nanoseconds to
   * ticks separately, truncating each, so the aggregate can exceed the per-CPU sum by up to one
   * tick (1/USER_HZ = 10 ms) per CPU, as seen here: softirq 9.52 s against 9.51 s.
   */
  static final double TICK_PER_CPU_SECONDS = 0.01;

  /**
   * CPU modes compared. Not iowait: the kernel documents it as unreliable, and it can go backwards
   * between two reads on tickless kernels.
   */
  static final List<String> CPU_MODES =
      List.of("user", "nice", "system", "idle", "irq", "softirq", "steal");

  private final Kshealth kshealth = Kshealth.distribution();
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void countersLieBetweenTwoNodeExporterScrapesAndGaugesAgree() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("compare.yaml"),
            "collectors:\n"
                + "  node: {type: node}\n"
                + "  disk: {type: disk, path: \""
                + dir
                + "\"}\n");
    int port = Ports.freeLoopbackPort();
    ProcessBuilder command =
        new ProcessBuilder(
            Tools.host("prometheus-node-exporter", "prometheus-node-exporter"),
            "--web.listen-address=127.0.0.1:" + port,
            "--collector.disable-defaults",
            "--collector.cpu",
            "--collector.diskstats",
            "--collector.meminfo",
            "--collector.filesystem");
    try (ChildProcess nodeExporter =
        ChildProcess.start("node_exporter", command, dir.resolve("node-exporter.log"))) {
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> nodeExporter.isAlive() && scrape(port).size() > 0);

      List<Series> before = scrape(port);
      Exec.Result once = kshealth.exec(dir, "once", "--config", config.toString());
      List<Series> after = scrape(port);
      assertEquals(0, once.exitCode(), once::describe);
      List<Series> agent = Series.parse(String.join("\n", once.stdoutLines()));

      double cpus = Series.sum(agent, "kshealth_node_cpus", Map.of());
      for (String mode : CPU_MODES) {
        between(
            "cpu " + mode,
            Series.sum(before, "node_cpu_seconds_total", Map.of("mode", mode)),
            Series.sum(agent, "kshealth_node_cpu_seconds_total", Map.of("mode", mode)),
            Series.sum(after, "node_cpu_seconds_total", Map.of("mode", mode)),
            cpus * TICK_PER_CPU_SECONDS);
      }
      String device =
          agent.stream()
              .filter(s -> s.name().equals("kshealth_disk_reads_completed_total"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no disk reading:\n" + once.describe()))
              .labels()
              .get("device");
      for (String counter : List.of("reads_completed_total", "writes_completed_total")) {
        between(
            device + " " + counter,
            Series.sum(before, "node_disk_" + counter, Map.of("device", device)),
            Series.sum(agent, "kshealth_disk_" + counter, Map.of("device", device)),
            Series.sum(after, "node_disk_" + counter, Map.of("device", device)),
            0);
      }

      between(
          "MemAvailable",
          Series.sum(before, "node_memory_MemAvailable_bytes", Map.of()),
          Series.sum(agent, "kshealth_node_memory_available_bytes", Map.of()),
          Series.sum(after, "node_memory_MemAvailable_bytes", Map.of()),
          MEMORY_TOLERANCE_BYTES);
      String mountpoint =
          agent.stream()
              .filter(s -> s.name().equals("kshealth_filesystem_avail_bytes"))
              .findFirst()
              .orElseThrow()
              .labels()
              .get("mountpoint");
      between(
          "filesystem avail " + mountpoint,
          Series.sum(before, "node_filesystem_avail_bytes", Map.of("mountpoint", mountpoint)),
          Series.sum(agent, "kshealth_filesystem_avail_bytes", Map.of("mountpoint", mountpoint)),
          Series.sum(after, "node_filesystem_avail_bytes", Map.of("mountpoint", mountpoint)),
          FILESYSTEM_TOLERANCE_BYTES);
    }
  }

  /** {@code ours} within [min(a, b) - tolerance, max(a, b) + tolerance]. */
  private static void between(String what, double a, double ours, double b, double tolerance) {
    double low = Math.min(a, b) - tolerance;
    double high = Math.max(a, b) + tolerance;
    assertTrue(
        ours >= low && ours <= high,
        what
            + ": agent "
            + ours
            + " not within node_exporter's ["
            + a
            + ", "
            + b
            + "] ± "
            + tolerance);
  }

  private List<Series> scrape(int port) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    return Series.parse(response.body());
  }
}
