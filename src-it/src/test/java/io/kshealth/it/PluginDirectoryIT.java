package io.kshealth.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Third-party plug-ins as an operator installs them: the distribution tarball unpacked, the two
 * example jars (src-it/example-collector and example-notifier, built apart from the agent) copied
 * into its {@code plugins/} directory, and {@code bin/kshealth} started with a config that uses
 * their types. The waits are hang guards only.
 */
class PluginDirectoryIT {

  private static final Path TARBALL = Locations.dockerContext().resolve("kshealth.tar.gz");

  private static final List<String> PLUGIN_JARS =
      List.of("kshealth-example-collector.jar", "kshealth-example-notifier.jar");

  /** Hang guard for a few 1 s collection and evaluation cycles. */
  private static final Duration CYCLES = Duration.ofSeconds(60);

  /** Kept when a test fails, with the agent's log. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path workDir;

  /** The tarball unpacked afresh: this test adds to its plugins/, which others must not see. */
  private Kshealth unpack() throws IOException, InterruptedException {
    Path dir = Files.createDirectories(workDir.resolve("dist"));
    Tar.extract(TARBALL, dir);
    try (Stream<Path> top = Files.list(dir)) {
      return new Kshealth(top.findFirst().orElseThrow());
    }
  }

  private static Path plugins(Kshealth kshealth) {
    return kshealth.home().resolve("plugins");
  }

  private static void installExamplePlugins(Kshealth kshealth) throws IOException {
    for (String jar : PLUGIN_JARS) {
      Files.copy(Locations.pluginJars().resolve(jar), plugins(kshealth).resolve(jar));
    }
  }

  @Test
  void theDistributionShipsAnEmptyPluginDirectoryWithAReadme() throws Exception {
    Kshealth kshealth = unpack();

    try (Stream<Path> files = Files.list(plugins(kshealth))) {
      assertEquals(List.of("README.txt"), files.map(f -> f.getFileName().toString()).toList());
    }
    assertTrue(
        Files.readString(plugins(kshealth).resolve("README.txt")).contains("KSHEALTH_PLUGIN_DIR"));
  }

  @Test
  void theExampleCollectorAndNotifierRunFromThePluginDirectory() throws Exception {
    Kshealth kshealth = unpack();
    installExamplePlugins(kshealth);
    try (Stream<Path> lib = Files.list(kshealth.home().resolve("lib"))) {
      assertTrue(
          lib.noneMatch(jar -> jar.getFileName().toString().contains("example")),
          "an example plug-in is on the agent's class path (lib/)");
    }
    Path watched = Files.write(workDir.resolve("watched.dat"), new byte[1234]);
    Path alerts = workDir.resolve("alerts.jsonl");
    Files.writeString(
        workDir.resolve("rules.yaml"),
        """
        groups:
        - name: example
          rules:
          - alert: ExampleFileLarge
            series: kshealth_example_file_bytes
            expr: value > 1000
            labels: {severity: warning}
            annotations:
              summary: "{{ labels.path }} holds {{ value }} bytes"
        """);
    Path config =
        Files.writeString(
            workDir.resolve("kshealth.yaml"),
            """
            history: {data-dir: "%s"}
            collectors:
              watched: {type: example-file, path: "%s", interval: 1s, timeout: 1s}
            alerting:
              rules: [rules.yaml]
              evaluation-interval: 1s
              notifiers:
                audit: {type: json-lines, path: "%s"}
            """
                .formatted(workDir.resolve("data"), watched, alerts));

    try (Daemon agent = kshealth.start(workDir, Map.of(), config)) {
      agent.awaitReady();

      String sample = "kshealth_example_file_bytes{path=\"" + watched + "\"} 1234";
      await()
          .atMost(CYCLES)
          .until(() -> new String(agent.get("/metrics").body(), UTF_8).contains(sample));
      await().atMost(CYCLES).until(() -> Files.exists(alerts));
      String line = Files.readAllLines(alerts).get(0);
      assertTrue(line.startsWith("{\"status\":\"firing\",\"labels\":{"), line);
      assertTrue(line.contains("\"alertname\":\"ExampleFileLarge\""), line);
      assertTrue(line.contains("\"summary\":\"" + watched + " holds 1234 bytes\""), line);
      agent.stopCleanly();
    }
  }

  @Test
  void checkConfigListsThePluginTypesAndTheirErrorsWithTheOthers() throws Exception {
    Kshealth kshealth = unpack();
    installExamplePlugins(kshealth);
    Path config =
        Files.writeString(
            workDir.resolve("kshealth.yaml"),
            """
            alerting:
              rules: [rules.yaml]
              notifiers:
                pager: {type: pagerduty}
                audit: {type: json-lines, paht: alerts.jsonl}
            collectors:
              watched: {type: example-file}
            """);
    Files.writeString(workDir.resolve("rules.yaml"), "groups: []\n");

    Exec.Result result = kshealth.exec(workDir, "check-config", "--config", config.toString());

    assertEquals(2, result.exitCode(), result::describe);
    assertTrue(
        result
            .stderr()
            .contains(
                config
                    + ":4:19: alerting.notifiers.pager.type: unknown notifier type 'pagerduty';"
                    + " known types: alertmanager, json-lines, log, slack, webhook"),
        result::describe);
    // A plug-in's own checks report through the same list, with their positions.
    assertTrue(
        result
            .stderr()
            .contains(
                config
                    + ":5:12: alerting.notifiers.audit.path: missing 'path': the file to append"),
        result::describe);
    assertTrue(
        result
            .stderr()
            .contains(
                config
                    + ":5:31: alerting.notifiers.audit.paht: unknown key 'paht'; did you mean 'path'?"),
        result::describe);
    assertTrue(
        result
            .stderr()
            .contains(
                config + ":7:12: collectors.watched.path: missing 'path': the file whose size"),
        result::describe);
  }

  @Test
  void aJarThatIsNoZipStopsTheAgentBeforeItStarts() throws Exception {
    Kshealth kshealth = unpack();
    Path broken = Files.writeString(plugins(kshealth).resolve("broken.jar"), "not a jar\n");

    Exec.Result result =
        kshealth.exec(
            workDir,
            "run",
            "--config",
            kshealth.defaultConfig().toString(),
            "--listen",
            "127.0.0.1:0");

    assertEquals(2, result.exitCode(), result::describe);
    assertEquals(
        List.of(
            "kshealth: plug-in jar "
                + broken
                + " is not a jar (zip) file: zip END header not found"),
        result.stderrLines(),
        result::describe);
    assertFalse(result.stdout().contains("listening"), result::describe);
  }
}
