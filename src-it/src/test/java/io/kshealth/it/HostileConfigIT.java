package io.kshealth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile config and rule files of issue 16, run through the distribution's {@code
 * check-config}, {@code run}, {@code once} and {@code rules test} in its own JVM (with its default
 * {@code -Xmx32m}, so a file that filled the heap would show): each exits 2 with one line per error
 * at its file:line:column, no stack trace, no Java class name, and no secret.
 */
class HostileConfigIT {

  /** A Java class name such as java.lang.StackOverflowError, or a stack frame. */
  private static final Pattern JAVA_TRACE =
      Pattern.compile("(?m)\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z]\\w*(?:Exception|Error)\\b|^\\s+at ");

  private final Kshealth kshealth = Kshealth.distribution();

  @TempDir Path dir;

  @Test
  void yamlNested300DeepIsRefusedAtTheLevelTooDeep() throws Exception {
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      yaml.append("  ".repeat(i)).append("k").append(i).append(":\n");
    }
    Path file = write("deep.yaml", yaml.toString());
    for (String command : List.of("check-config", "run", "once")) {
      assertOneError(
          kshealth.exec(dir, command, "--config", file.toString()),
          file + ":65:129: maps and lists are nested deeper than 64 levels");
    }
    assertOneError(
        kshealth.exec(dir, "rules", "test", file.toString()),
        file + ":65:129: maps and lists are nested deeper than 64 levels");
  }

  @Test
  void aFileOfHundredThousandKeysIsRefusedForItsSize() throws Exception {
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < 100_000; i++) {
      yaml.append(String.format("key-number-%07d: value%n", i));
    }
    Path file = write("keys.yaml", yaml.toString());
    assertTrue(Files.size(file) > 2_400_000);
    String error =
        file + ": file is larger than 1.0 MiB, the most a config, rule or rule-test file may hold";
    assertOneError(kshealth.exec(dir, "check-config", "--config", file.toString()), error);
    assertOneError(kshealth.exec(dir, "rules", "test", file.toString()), error);
  }

  @Test
  void tooManyValuesAreRefusedWhereTheLimitIsPassed() throws Exception {
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < 15_000; i++) {
      yaml.append(String.format("key-number-%07d: value%n", i));
    }
    Path file = write("values.yaml", yaml.toString());
    String error =
        file
            + ":10000:21: more than 20000 values (maps, lists and scalars, an alias counting as"
            + " all it repeats)";
    assertOneError(kshealth.exec(dir, "check-config", "--config", file.toString()), error);
    assertOneError(kshealth.exec(dir, "rules", "test", file.toString()), error);
  }

  @Test
  void aFiftyMegabyteFileIsRefusedWithoutFillingTheHeap() throws Exception {
    Path file = dir.resolve("big.yaml");
    byte[] line =
        "key: 0123456789012345678901234567890123456789\n".getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long written = 0; written < 50L << 20; written += line.length) {
        out.write(line);
      }
    }
    String error =
        file + ": file is larger than 1.0 MiB, the most a config, rule or rule-test file may hold";
    assertOneError(kshealth.exec(dir, "check-config", "--config", file.toString()), error);
    assertOneError(kshealth.exec(dir, "rules", "test", file.toString()), error);
  }

  @Test
  void anAliasBombIsCountedAsAllItRepeats() throws Exception {
    StringBuilder yaml =
        new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i < 10; i++) {
      yaml.append("a").append(i).append(": &a").append(i).append(" [");
      yaml.append(String.join(", ", Collections.nCopies(9, "*a" + (i - 1)))).append("]\n");
    }
    Path file = write("bomb.yaml", yaml.toString());
    String error =
        file
            + ":5:15: more than 20000 values (maps, lists and scalars, an alias counting as all"
            + " it repeats)";
    assertOneError(kshealth.exec(dir, "check-config", "--config", file.toString()), error);
    assertOneError(kshealth.exec(dir, "rules", "test", file.toString()), error);
  }

  @Test
  void anIntervalThatWouldOverflowTheSchedulerIsAnError() throws Exception {
    Path file =
        write(
            "interval.yaml",
            "collectors:\n  agent:\n    type: process\n    pid: self\n    interval: 106751991166d\n");
    assertOneError(
        kshealth.exec(dir, "check-config", "--config", file.toString()),
        file
            + ":5:15: collectors.agent.interval: invalid value '106751991166d': longer than a year"
            + " (365d), the longest duration allowed");
  }

  @Test
  void aSecretInAWrongTypedFieldIsNeverEchoed() throws Exception {
    Path file =
        write(
            "secret.yaml",
            "collectors: {}\nalerting:\n  rules: [rules.yaml]\n  notifiers:\n    am:\n"
                + "      type: alertmanager\n      urls: \"http://user:s3cret@host:1\"\n");
    write("rules.yaml", "groups: []\n");
    Exec.Result result = kshealth.exec(dir, "check-config", "--config", file.toString());
    assertErrors(
        result,
        file + ":7:13: alerting.notifiers.am.urls: expected a list, got 'http://****@host:1'",
        file
            + ":7:13: alerting.notifiers.am.urls: needs at least one Alertmanager URL, such as"
            + " http://alertmanager:9093");
    assertFalse((result.stdout() + result.stderr()).contains("s3cret"), result::describe);
  }

  @Test
  void aHostileRuleFileNamedByARuleTestIsAnErrorAtItsPosition() throws Exception {
    Path rules = write("deep-rules.yaml", "groups:\n" + "  ".repeat(1) + "[".repeat(300));
    Path test = write("deep.test.yaml", "rule_files: [deep-rules.yaml]\ntests: []\n");
    assertOneError(
        kshealth.exec(dir, "rules", "test", test.toString()),
        rules + ":2:66: maps and lists are nested deeper than 64 levels");
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  private static void assertOneError(Exec.Result result, String error) {
    assertErrors(result, error);
  }

  /** Exit 2, one line per error expected, then at most the count of errors; nothing else. */
  private static void assertErrors(Exec.Result result, String... errors) {
    assertEquals(2, result.exitCode(), result::describe);
    assertFalse(JAVA_TRACE.matcher(result.stdout() + result.stderr()).find(), result::describe);
    List<String> lines = result.stderrLines();
    assertEquals(
        List.of(errors), lines.subList(0, Math.min(errors.length, lines.size())), result::describe);
    assertTrue(
        lines.size() == errors.length
            || (lines.size() == errors.length + 1
                && lines.get(errors.length).matches("\\d+ errors? in .*")),
        result::describe);
  }
}
