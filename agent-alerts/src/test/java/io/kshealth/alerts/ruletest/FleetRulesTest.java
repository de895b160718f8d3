package io.kshealth.alerts.ruletest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The fleet rules for one Prometheus over many agents (config/prometheus-fleet, docs/fleet.md)
 * under the real promtool: every file loads, every test passes, every rule file is tested.
 */
class FleetRulesTest {

  static final Path FLEET = RulesCommandTest.CONFIG.resolve("prometheus-fleet");

  @Test
  void promtoolChecksEveryRuleFile() throws Exception {
    assertEachSucceeds(List.of("check", "rules"), yamlFiles(FLEET), "Checking ");
  }

  @Test
  void everyTestPassesUnderPromtool() throws Exception {
    assertEachSucceeds(
        List.of("test", "rules"), yamlFiles(FLEET.resolve("tests")), "Unit Testing:  ");
  }

  /** Runs promtool {@code command} on {@code files}: a SUCCESS under each file's header. */
  private static void assertEachSucceeds(List<String> command, List<Path> files, String header)
      throws Exception {
    List<String> args = new ArrayList<>(command);
    files.forEach(f -> args.add(f.toString()));
    String output = Promtool.run(args);
    for (Path file : files) {
      assertTrue(output.contains(header + file + "\n  SUCCESS"), file + ":\n" + output);
    }
    assertEquals(files.size(), Promtool.successes(output), output);
  }

  @Test
  void everyRuleFileIsUnderTest() throws IOException {
    StringBuilder ruleFilesTested = new StringBuilder();
    for (Path test : yamlFiles(FLEET.resolve("tests"))) {
      ruleFilesTested.append(Files.readString(test));
    }
    for (Path file : yamlFiles(FLEET)) {
      assertTrue(
          ruleFilesTested.toString().contains("- ../" + file.getFileName() + "\n"),
          file + " is in no test's rule_files");
    }
  }

  /** The folder's {@code *.yaml} files, at least one. */
  private static List<Path> yamlFiles(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    assertFalse(files.isEmpty(), "no *.yaml in " + dir);
    return files;
  }
}
