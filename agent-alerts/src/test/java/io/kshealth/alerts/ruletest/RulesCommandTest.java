package io.kshealth.alerts.ruletest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code kshealth rules test} on the shipped rule pack and its tests, and the same test files under
 * the real promtool against the Prometheus twins: the two engines must agree.
 */
class RulesCommandTest {

  static final Path CONFIG = Path.of("..", "config").toAbsolutePath().normalize();

  record Run(int exitCode, String out, String err) {}

  static Run rulesTest(String... paths) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new RulesCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    String[] args = new String[paths.length + 1];
    args[0] = "test";
    System.arraycopy(paths, 0, args, 1, paths.length);
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void theShippedPackPassesItsTests() throws IOException {
    Run run = rulesTest(CONFIG.resolve("rules/tests").toString());
    assertEquals(0, run.exitCode(), run.out() + run.err());
    for (String file : testFiles()) {
      assertTrue(run.out().contains(file + "\n  SUCCESS"), file + ":\n" + run.out());
    }
  }

  /** The same test files, under the real promtool against the Prometheus twin of each file. */
  @Test
  void theSameTestsPassUnderPromtoolAgainstThePrometheusTwin() throws Exception {
    List<String> args = new ArrayList<>(List.of("test", "rules"));
    for (String file : testFiles()) {
      args.add(CONFIG.resolve("prometheus/tests").resolve(file).toString());
    }
    String output = Promtool.run(args);
    assertEquals(testFiles().size(), Promtool.successes(output), output);
  }

  @Test
  void promtoolChecksEveryTwin() throws Exception {
    List<String> args = new ArrayList<>(List.of("check", "rules"));
    List<String> twins;
    try (Stream<Path> files = Files.list(CONFIG.resolve("prometheus"))) {
      twins = files.filter(f -> f.toString().endsWith(".yaml")).map(Path::toString).toList();
    }
    args.addAll(twins);
    String output = Promtool.run(args);
    assertEquals(twins.size(), Promtool.successes(output), output);
  }

  private static List<String> testFiles() throws IOException {
    try (Stream<Path> files = Files.list(CONFIG.resolve("rules/tests"))) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aChangedExpectationFailsWithAReadableDiff(@TempDir Path dir) throws IOException {
    Path rules = Files.createDirectories(dir.resolve("rules"));
    Files.copy(CONFIG.resolve("rules/ebs.yaml"), rules.resolve("ebs.yaml"));
    Path tests = Files.createDirectories(rules.resolve("tests"));
    String text =
        Files.readString(CONFIG.resolve("rules/tests/ebs.test.yaml"))
            .replace("in about 29m 56s", "in about 30m 0s")
            .replace(
                "- eval_time: 20m\n        alertname: EbsBurstCreditsRunningOut\n        exp_alerts: []",
                "- eval_time: 20m\n        alertname: EbsBurstCreditsRunningOut\n        exp_alerts:\n          - exp_labels: {severity: critical, device: nvme9n1}");
    Files.writeString(tests.resolve("ebs.test.yaml"), text);
    Run run = rulesTest(tests.toString());
    assertEquals(1, run.exitCode(), run.out() + run.err());
    String out = run.out();
    assertTrue(out.contains("FAILED"), out);
    assertTrue(out.contains("alert EbsBurstCreditsRunningOut at 20m (- expected, + got):"), out);
    assertTrue(
        out.contains("- {alertname=EbsBurstCreditsRunningOut, device=nvme9n1, severity=critical}"),
        out);
    assertTrue(out.contains("alert EbsBurstCreditsRunningOut at 34m"), out);
    assertTrue(out.contains("annotations differ"), out);
    assertTrue(
        out.contains("- \"EBS volume nvme1n1 runs out of burst credits in about 30m 0s\""), out);
    assertTrue(
        out.contains("+ \"EBS volume nvme1n1 runs out of burst credits in about 29m 56s\""), out);
  }

  @Test
  void aChangedRecordedSampleFailsWithAReadableDiff(@TempDir Path dir) throws IOException {
    Path rules = Files.createDirectories(dir.resolve("rules"));
    Files.copy(CONFIG.resolve("rules/streams.yaml"), rules.resolve("streams.yaml"));
    Path tests = Files.createDirectories(rules.resolve("tests"));
    String text = Files.readString(CONFIG.resolve("rules/tests/streams.test.yaml"));
    String a1 =
        "client:kshealth_streams_thread_rebalances:max_increase{application_id=\"orders\",client_id=\"orders-a1\"}'\n            value: 4";
    assertTrue(text.contains(a1), "the pack's test of the recorded series");
    Files.writeString(tests.resolve("streams.test.yaml"), text.replace(a1, a1 + ".5"));
    Run run = rulesTest(tests.toString());
    assertEquals(1, run.exitCode(), run.out() + run.err());
    String out = run.out();
    assertTrue(
        out.contains(
            "rebalance storm: expr \"client:kshealth_streams_thread_rebalances:max_increase\" at"
                + " 41m (- expected, + got):"),
        out);
    String series =
        "client:kshealth_streams_thread_rebalances:max_increase{application_id=\"orders\","
            + " client_id=\"orders-a1\"}";
    assertTrue(out.contains("- " + series + " 4.5\n"), out);
    assertTrue(out.contains("+ " + series + " 4.0\n"), out);
  }

  @Test
  void anUnreadableTestFileSaysWhereAndExitsTwo(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.test.yaml");
    Files.writeString(
        file,
        "rule_files: [x.yaml]\ntests:\n  - input_series:\n      - series: 'm'\n        values: '1 2 three'\n    nope: 1\n");
    Run run = rulesTest(file.toString());
    assertEquals(2, run.exitCode(), run.out() + run.err());
    assertTrue(
        run.err()
            .contains("bad.test.yaml:5:17: tests[0].input_series[0].values: cannot read 'three'"),
        run.err());
    assertTrue(
        run.err().contains("bad.test.yaml:6:5: tests[0].nope: unknown key 'nope'"), run.err());
  }

  /** Issue 16: 250 nested parentheses overflowed the stack; now one line at the rule, exit 2. */
  @Test
  void aHostileRuleFileIsOneLinePerProblemAndExitsTwo(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("deep.yaml"),
        "groups:\n- name: g\n  rules:\n  - alert: Deep\n    series: m\n    expr: '"
            + "(".repeat(250)
            + "value > 1.0"
            + ")".repeat(250)
            + "'\n    labels: {severity: warning}\n  - alert: Lookahead\n"
            + "    series: 'm{a=~\"(?!x)\"}'\n    expr: value > 1.0\n"
            + "    labels: {severity: warning}\n");
    Path test =
        Files.writeString(
            dir.resolve("deep.test.yaml"),
            "rule_files: [deep.yaml]\ntests:\n  - input_series: []\n    alert_rule_test: []\n");
    Run run = rulesTest(test.toString());
    assertEquals(2, run.exitCode(), run.out() + run.err());
    List<String> lines = run.err().lines().toList();
    assertEquals(2, lines.size(), run.err());
    assertTrue(lines.get(0).contains("deep.yaml:6:11: groups[0].rules[0].expr: rule 'Deep':"));
    assertTrue(
        lines.get(0).endsWith("nested deeper than 50 parentheses or brackets (at character 51)"));
    assertTrue(
        lines.get(1).contains("deep.yaml:9:13: groups[0].rules[1].series: rule 'Lookahead'"));
  }

  @Test
  void expandsPromtoolNotation() {
    List<SeriesValues.Step> steps = SeriesValues.parse("1+2x2 _ 5 _x2 stale -1-0.5x1 3x1 Inf");
    assertEquals(
        List.of(
            new SeriesValues.Step(0, 1, false),
            new SeriesValues.Step(1, 3, false),
            new SeriesValues.Step(2, 5, false),
            new SeriesValues.Step(4, 5, false),
            new SeriesValues.Step(7, Double.NaN, true),
            new SeriesValues.Step(8, -1, false),
            new SeriesValues.Step(9, -1.5, false),
            new SeriesValues.Step(10, 3, false),
            new SeriesValues.Step(11, 3, false),
            new SeriesValues.Step(12, Double.POSITIVE_INFINITY, false)),
        steps);
  }

  @Test
  void seriesAndEvaluationsTooLongToRunAreErrorsAtTheirPosition(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("huge.test.yaml");
    Files.writeString(
        file,
        "rule_files: [x.yaml]\nevaluation_interval: 1ms\ntests:\n  - input_series:\n"
            + "      - series: 'm'\n        values: '0+1x2000000000'\n"
            + "    alert_rule_test:\n      - eval_time: 365d\n        alertname: A\n");
    Run run = rulesTest(file.toString());
    assertEquals(2, run.exitCode(), run.out() + run.err());
    assertTrue(
        run.err()
            .contains(
                "huge.test.yaml:6:17: tests[0].input_series[0].values: cannot read"
                    + " '0+1x2000000000': a series spans at most 10000 steps"),
        run.err());
    assertTrue(
        run.err()
            .contains(
                "huge.test.yaml:8:20: tests[0].alert_rule_test[0].eval_time: needs more than 10000"
                    + " evaluations at evaluation_interval 1ms"),
        run.err());
  }
}
