package io.kshealth.alerts.ruletest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The real promtool (Debian package prometheus) as the rule tests run it. */
final class Promtool {

  private Promtool() {}

  /** Runs {@code promtool args…}; its output (stdout and stderr), after asserting exit code 0. */
  static String run(List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("promtool"));
    command.addAll(args);
    Process promtool = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, promtool.waitFor(), String.join(" ", command) + "\n" + output);
    return output;
  }

  /** How many files promtool's output says SUCCESS for. */
  static int successes(String output) {
    return output.split("SUCCESS", -1).length - 1;
  }
}
