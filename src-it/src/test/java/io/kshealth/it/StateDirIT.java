package io.kshealth.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.demo.app.SampleTopics;
import io.kshealth.demo.app.SampleTopology;
import io.kshealth.demo.driver.InputGenerator;
import io.kshealth.demo.driver.SampleApp;
import io.kshealth.demo.driver.SampleAppOptions;
import io.kshealth.demo.driver.Series;
import io.kshealth.it.testbed.GroupOffsets;
import io.kshealth.it.testbed.TestBed;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node, container, disk and state-dir collectors on a real state dir the sample app made: what
 * {@code kshealth once} shows, and proof that the agent only ever reads it.
 */
class StateDirIT {

  /** The unprivileged user the read-only proof runs as. */
  static final String NOBODY = "65534";

  @TempDir static Path root;

  static Path stateDir;
  static String applicationId;

  private final Kshealth kshealth = Kshealth.distribution();

  /** A stopped sample app's state dir, with data in every store. */
  @BeforeAll
  static void makeStateDir() throws Exception {
    // Traversable by the unprivileged user; JUnit makes temp dirs private to their owner.
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    SampleAppOptions options = TestBed.newApp("state-dir", root.resolve("app"));
    applicationId = options.applicationId();
    stateDir = options.stateDir();
    try (InputGenerator input =
            InputGenerator.start(TestBed.bootstrapServers(), options.topics(), 200);
        SampleApp app = SampleApp.start(options);
        Admin admin = TestBed.admin()) {
      app.awaitRunning();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  GroupOffsets.read(
                              admin,
                              applicationId,
                              options.topics().events(),
                              SampleTopics.PARTITIONS)
                          .totalCommitted()
                      > 500);
      assertEquals(143, app.stop(), "a clean stop on SIGTERM");
      assertTrue(input.sent() > 500);
    }
  }

  @Test
  void onceShowsNodeContainerDiskAndStateDirReadingsAndChangesNothing() throws Exception {
    Map<String, String> before = fingerprint(stateDir);
    Exec.Result once = kshealth.exec(root, "once", "--config", config("all.yaml", true).toString());
    Map<String, String> after = fingerprint(stateDir);

    assertEquals(0, once.exitCode(), once::describe);
    for (String collector : List.of("node", "container", "disk", "state-dir")) {
      assertTrue(
          once.stdoutLines().stream()
              .anyMatch(l -> l.matches("^" + collector + "\\s+\\S+\\s+ok\\s.*")),
          collector + " did not run ok:\n" + once.describe());
    }
    List<Series> samples = Series.parse(once.stdout());
    for (String store :
        List.of(
            SampleTopology.PROFILES_STORE,
            SampleTopology.COUNT_STORE,
            SampleTopology.WINDOW_STORE)) {
      double bytes =
          Series.sum(
              samples,
              "kshealth_state_store_disk_bytes",
              Map.of("application_id", applicationId, "store", store));
      assertTrue(bytes > 0, store + " has no bytes on disk");
    }
    assertEquals(before, after, "reading the state dir changed it");
  }

  @Test
  void anUnprivilegedUserReadsAStateDirItCannotWrite() throws Exception {
    readOnlyForOthers(root);
    Path config = config("state-dir.yaml", false);
    Map<String, String> before = fingerprint(stateDir);

    Exec.Result touch =
        Exec.run(new ProcessBuilder(asNobody(List.of("touch", stateDir.resolve("x").toString()))));
    assertNotEquals(0, touch.exitCode(), "the unprivileged user must not be able to write");

    ProcessBuilder once =
        kshealth.command(root, Map.of(), List.of("once", "--config", config.toString()));
    once.command(asNobody(once.command()));
    Exec.Result result = Exec.run(once);
    assertEquals(0, result.exitCode(), result::describe);
    assertTrue(
        result.stdoutLines().stream()
            .anyMatch(l -> l.matches("^state-dir\\s+state-dir\\s+ok\\s.*")),
        result::describe);
    assertEquals(
        "",
        result.stderr().lines().filter(l -> l.contains("ERROR")).collect(Collectors.joining("\n")));
    assertEquals(before, fingerprint(stateDir));
  }

  private static final List<String> STORES =
      List.of(
          SampleTopology.PROFILES_STORE, SampleTopology.COUNT_STORE, SampleTopology.WINDOW_STORE);

  /** How many of a store's task instances had their RocksDB options read. */
  private static long optionsRead(List<Series> metrics, String store) {
    return metrics.stream()
        .filter(s -> s.name().equals("kshealth_state_store_write_buffer_size_bytes"))
        .filter(s -> s.has(Map.of("application_id", applicationId, "store", store)))
        .count();
  }

  /** A running app: every store's bytes, growth and RocksDB options on /metrics. */
  @Test
  void theAgentReportsBytesGrowthAndOptionsOfEveryStore(@TempDir Path work) throws Exception {
    SampleAppOptions options =
        SampleAppOptions.defaults(TestBed.bootstrapServers(), applicationId, root.resolve("app"));
    try (InputGenerator input =
            InputGenerator.start(TestBed.bootstrapServers(), options.topics(), 200);
        SampleApp app = SampleApp.start(options);
        Daemon agent = kshealth.start(work, Map.of(), agentConfig(work, app.pid()))) {
      app.awaitRunning();
      agent.awaitReady();
      List<Series> metrics =
          await()
              .atMost(Duration.ofSeconds(60))
              .until(
                  () -> Series.parse(new String(agent.get("/metrics").body())),
                  // A task's store writes its RocksDB OPTIONS file a moment after it opens: wait
                  // for a run that found every task's, as well as a growth rate.
                  all ->
                      all.stream()
                              .anyMatch(
                                  s ->
                                      s.name()
                                          .equals(
                                              "kshealth_state_app_disk_growth_bytes_per_second"))
                          && STORES.stream()
                              .allMatch(
                                  store -> optionsRead(all, store) == SampleTopics.PARTITIONS));
      for (String store : STORES) {
        Map<String, String> labels = Map.of("application_id", applicationId, "store", store);
        List<Series> bytes =
            metrics.stream()
                .filter(s -> s.name().equals("kshealth_state_store_disk_bytes") && s.has(labels))
                .toList();
        assertEquals(SampleTopics.PARTITIONS, bytes.size(), store + ": one series per task");
        assertTrue(
            metrics.stream()
                .anyMatch(
                    s ->
                        s.name().equals("kshealth_state_store_disk_growth_bytes_per_second")
                            && s.has(labels)
                            && Double.isFinite(s.value())),
            store + " has no growth rate");
        // Kafka Streams' RocksDB defaults: 16 MiB write buffers, 3 of them, 4 KiB blocks.
        assertEquals(
            16.0 * 1024 * 1024 * SampleTopics.PARTITIONS,
            Series.sum(metrics, "kshealth_state_store_write_buffer_size_bytes", labels));
        assertEquals(
            3.0 * SampleTopics.PARTITIONS,
            Series.sum(metrics, "kshealth_state_store_max_write_buffers", labels));
        assertEquals(
            4096.0 * SampleTopics.PARTITIONS,
            Series.sum(metrics, "kshealth_state_store_block_size_bytes", labels));
      }
      // The target's own cgroup, found from its PID, beside the agent's.
      assertEquals(1.0, Series.sum(metrics, "kshealth_container_up", Map.of("container", "app")));
      assertTrue(
          Series.sum(metrics, "kshealth_container_memory_usage_bytes", Map.of("container", "app"))
              > 0);
      assertTrue(input.sent() > 0);
      agent.stopCleanly();
    }
  }

  /** The state-dir collector every second, and the container collector on the app's PID. */
  private static Path agentConfig(Path work, long appPid) throws IOException {
    return Files.writeString(
        work.resolve("agent.yaml"),
        "collectors:\n"
            + "  state-dir: {type: state-dir, path: \""
            + stateDir
            + "\", application-ids: ["
            + applicationId
            + "], interval: 1s, timeout: 1s}\n"
            + "  app: {type: container, pid: "
            + appPid
            + ", interval: 1s, timeout: 1s}\n");
  }

  private Path config(String name, boolean all) throws IOException {
    String collectors =
        "  state-dir: {type: state-dir, path: \""
            + stateDir
            + "\", application-ids: ["
            + applicationId
            + "]}\n"
            + (all
                ? "  node: {type: node}\n"
                    + "  container: {type: container, pid: self}\n"
                    + "  disk: {type: disk, path: \""
                    + stateDir
                    + "\"}\n"
                : "");
    Path config = Files.writeString(root.resolve(name), "collectors:\n" + collectors);
    Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
    return config;
  }

  /** Everything under {@code dir} readable and traversable by others, writable by no one else. */
  private static void readOnlyForOthers(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.toList()) {
        Files.setPosixFilePermissions(
            path,
            PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
  }

  private static List<String> asNobody(List<String> command) {
    List<String> wrapped =
        new ArrayList<>(
            List.of(
                Tools.host("setpriv", "util-linux"),
                "--reuid=" + NOBODY,
                "--regid=" + NOBODY,
                "--clear-groups",
                "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  /** Path → size, mtime and SHA-256 of every file, and every directory, under {@code dir}. */
  private static Map<String, String> fingerprint(Path dir) throws Exception {
    Map<String, String> prints = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.toList()) {
        String key = dir.relativize(path).toString();
        if (Files.isDirectory(path)) {
          prints.put(key + "/", Files.getLastModifiedTime(path).toString());
        } else {
          prints.put(
              key, Files.size(path) + " " + Files.getLastModifiedTime(path) + " " + sha256(path));
        }
      }
    }
    return prints;
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[65536];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
