package io.kshealth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/kshealth-cds} and the launcher's use of its archive, on the distribution as unpacked
 * (each test writes its archive in its own directory through {@code KSHEALTH_CDS_ARCHIVE}, so the
 * other tests' agents start as shipped: without one).
 */
class ClassDataSharingIT {

  /**
   * The archive it makes maps into the agent's JVM: with {@code -Xshare:on} a JVM that cannot use
   * it refuses to start, and the agent's own classes load from it.
   */
  @Test
  void theArchiveItMakesIsWhereTheAgentsClassesLoadFrom(@TempDir Path dir) throws Exception {
    Path archive = dir.resolve("kshealth.jsa");
    Exec.Result made = cds(dir, archive);
    assertEquals(0, made.exitCode(), made::describe);
    assertTrue(made.stdout().contains("wrote " + archive), made::describe);
    assertTrue(Files.size(archive) > 0);
    assertEquals(List.of("kshealth.jsa"), names(dir), "nothing else is left beside it");

    Path classes = dir.resolve("classes.log");
    Exec.Result version =
        versionWith(dir, archive, "-Xshare:on -Xlog:class+load=info:file=" + classes);
    assertEquals(0, version.exitCode(), version::describe);
    assertTrue(version.stdout().startsWith("kshealth "), version::describe);
    assertTrue(
        Files.readAllLines(classes).stream()
            .anyMatch(
                line ->
                    line.contains(" io.kshealth.core.cli.KshealthCli source: shared objects file")),
        "the agent's classes do not load from the archive");

    // The training had nothing to watch, yet the archive holds what an agent at work loads: the
    // Kafka client and the AWS SDK's signer, loaded from the shipped class list.
    assertTrue(made.stdout().contains("kshealth-cds: loaded "), made::describe);
    Exec.Result contents = versionWith(dir, archive, "-XX:+PrintSharedArchiveAndExit");
    assertEquals(0, contents.exitCode(), contents::describe);
    for (String atWork :
        List.of(
            "org.apache.kafka.clients.admin.KafkaAdminClient app_loader",
            "software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner app_loader")) {
      assertTrue(contents.stdout().contains(": " + atWork + "\n"), atWork);
    }
  }

  /**
   * An archive the JVM cannot use (damaged, or made for other jars or another runtime) is ignored:
   * the agent starts, and its standard output carries only what the command prints.
   */
  @Test
  void anArchiveTheJvmCannotUseIsIgnored(@TempDir Path dir) throws Exception {
    Path archive = Files.writeString(dir.resolve("kshealth.jsa"), "not an archive\n");
    Exec.Result version =
        Kshealth.distribution()
            .exec(dir, Map.of("KSHEALTH_CDS_ARCHIVE", archive.toString()), "--version");
    assertEquals(0, version.exitCode(), version::describe);
    assertEquals("kshealth", version.stdoutLines().get(0).split(" ")[0], version::describe);
    assertEquals(2, version.stdoutLines().size(), version::describe);
  }

  /**
   * A config the agent refuses makes no archive: the script exits 1 with the agent's own error,
   * which names the file, and leaves the archive that was there untouched.
   */
  @Test
  void aConfigTheAgentRefusesMakesNoArchive(@TempDir Path dir) throws Exception {
    Path archive = Files.writeString(dir.resolve("kshealth.jsa"), "the archive before\n");
    Path config = Files.writeString(dir.resolve("broken.yaml"), "collectors:\n  x: {type: nope}\n");
    Exec.Result made = cds(dir, archive, config.toString());
    assertEquals(1, made.exitCode(), made::describe);
    assertTrue(made.stderr().contains("no archive was made"), made::describe);
    assertTrue(made.stderr().contains(config.toString()), made::describe);
    assertEquals("the archive before\n", Files.readString(archive));
    assertEquals(List.of("broken.yaml", "kshealth.jsa"), names(dir));
  }

  /** {@code bin/kshealth --version}, started with {@code archive} and these JVM options. */
  private static Exec.Result versionWith(Path dir, Path archive, String javaOpts) throws Exception {
    return Kshealth.distribution()
        .exec(
            dir,
            Map.of("KSHEALTH_CDS_ARCHIVE", archive.toString(), "JAVA_OPTS", javaOpts),
            "--version");
  }

  /** {@code bin/kshealth-cds ARGS}, writing {@code archive}. */
  private static Exec.Result cds(Path dir, Path archive, String... args) throws Exception {
    return Exec.run(
        Kshealth.distribution()
            .command(
                "kshealth-cds",
                dir,
                Map.of("KSHEALTH_CDS_ARCHIVE", archive.toString()),
                List.of(args)));
  }

  private static List<String> names(Path dir) throws Exception {
    try (var entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
