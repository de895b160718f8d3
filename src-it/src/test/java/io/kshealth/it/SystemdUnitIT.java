package io.kshealth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code systemd/kshealth.service} as installed on a host: {@code systemd-analyze verify} on a root
 * where the unit sits in /etc/systemd/system and the distribution in /opt/kshealth.
 */
class SystemdUnitIT {

  private static final String UNIT = "/etc/systemd/system/kshealth.service";

  private final Path unitFile = Locations.home().resolve("systemd/kshealth.service");

  @TempDir Path root;

  @Test
  void verifiesCleanWithTheDistributionAtItsExecStartPath() throws Exception {
    stageUnit();
    copyTree(Locations.home(), root.resolve("opt/kshealth"));

    Exec.Result result = verify();

    assertEquals(0, result.exitCode(), result::describe);
    List<String> complaints =
        Stream.concat(result.stdoutLines().stream(), result.stderrLines().stream())
            .filter(line -> line.contains("kshealth.service"))
            .toList();
    assertEquals(List.of(), complaints, result::describe);
  }

  /** Proves the test above checks the binary: without it, verify must fail on ExecStart. */
  @Test
  void failsWhenTheDistributionIsNotInstalled() throws Exception {
    stageUnit();

    Exec.Result result = verify();

    assertNotEquals(0, result.exitCode(), result::describe);
    assertTrue(
        (result.stdout() + result.stderr()).contains("/opt/kshealth/bin/kshealth"),
        result::describe);
  }

  /**
   * Every sandboxing directive that {@code systemd-analyze security} finds missing is refused in a
   * comment of the unit that names it (and, for a system call group, the group), with the reason
   * beside it; a new systemd check, or a directive dropped from the unit, fails here.
   */
  @Test
  void everyMissingSandboxingDirectiveIsRefusedInAComment() throws Exception {
    Exec.Result result =
        Exec.run(
            new ProcessBuilder(
                Tools.host("systemd-analyze", "systemd"),
                "security",
                "--offline=true",
                unitFile.toString()));
    List<String> missing =
        result.stdoutLines().stream()
            .map(String::strip)
            .filter(line -> line.startsWith("\u2717"))
            .map(line -> line.substring(1).strip().split("\\s+")[0])
            .toList();
    assertFalse(missing.isEmpty(), result::describe);
    List<String> comments =
        Files.readAllLines(unitFile).stream()
            .map(String::strip)
            .filter(line -> line.startsWith("#"))
            .toList();

    List<String> unexplained =
        missing.stream()
            .filter(check -> comments.stream().noneMatch(c -> explains(c, check)))
            .toList();

    assertEquals(List.of(), unexplained, () -> "not set and not refused: " + result.stdout());
  }

  /**
   * A comment names a check such as {@code SystemCallFilter=~@resources} or {@code ProcSubset=}.
   */
  private static boolean explains(String comment, String check) {
    String name = check.substring(0, check.indexOf('=') + 1).split("/")[0];
    int group = check.indexOf("~@");
    return comment.contains(name.endsWith("=") ? name : name + "=")
        && (group < 0 || comment.contains(check.substring(group)));
  }

  @Test
  void restartsOnFailureAsItsOwnUserAndSharesTmp() throws IOException {
    List<String> settings =
        Files.readAllLines(unitFile).stream()
            .map(String::strip)
            .filter(line -> !line.isEmpty() && !line.startsWith("#") && !line.startsWith(";"))
            .toList();

    assertTrue(settings.contains("Restart=on-failure"), () -> "no Restart=on-failure: " + settings);
    // The JVM exits with 143 after a clean SIGTERM; without this, systemd counts it as a failure.
    assertTrue(
        settings.contains("SuccessExitStatus=143"), () -> "no SuccessExitStatus=143: " + settings);
    assertTrue(
        settings.stream().anyMatch(line -> line.matches("User=\\S+")),
        () -> "no User= line: " + settings);
    // A private /tmp hides the Streams JVM's attach socket /tmp/.java_pid<pid>.
    assertFalse(
        settings.stream()
            .anyMatch(line -> line.matches("PrivateTmp=\\s*(?i)(yes|true|on|1|disconnected)")),
        () -> "PrivateTmp is enabled: " + settings);
  }

  /** The link, not the host's units it points to; JUnit would warn about it otherwise. */
  @AfterEach
  void removeStockUnitsLink() throws IOException {
    Files.deleteIfExists(stockUnitsLink());
  }

  private Exec.Result verify() throws IOException, InterruptedException {
    return Exec.run(
        new ProcessBuilder(
            Tools.host("systemd-analyze", "systemd"), "verify", "--root=" + root, UNIT));
  }

  /**
   * The unit in /etc/systemd/system, and the host's stock units under /usr/lib/systemd/system:
   * without them verify complains that sysinit.target and the like are missing.
   */
  private void stageUnit() throws IOException {
    Path units = Files.createDirectories(root.resolve("etc/systemd/system"));
    Files.copy(unitFile, units.resolve("kshealth.service"));
    Path stock = Path.of("/lib/systemd/system");
    assertTrue(Files.isDirectory(stock), stock + " missing: install the Debian package 'systemd'");
    Files.createDirectories(stockUnitsLink().getParent());
    Files.createSymbolicLink(stockUnitsLink(), stock);
  }

  private Path stockUnitsLink() {
    return root.resolve("usr/lib/systemd/system");
  }

  /** A copy, not a symlink: verify resolves absolute links inside the root. */
  private static void copyTree(Path from, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Files.copy(
            path, to.resolve(from.relativize(path).toString()), StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }
}
