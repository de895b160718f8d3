package io.kshealth.alerts.ruletest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Aggregation in {@code series:} against the real promtool: one test file (every operator, by and
 * without, NaN, an empty group, a sum of rates with a member that starts mid-range, a window over a
 * sum whose member appears mid-window; joins across label names with a default, a joined side that
 * goes stale or NaN, and a window over a joined counter across a reset) passes under {@code
 * kshealth rules test} beside the kshealth rules and under promtool beside their PromQL twins. The
 * fixture is in {@code src/test/resources/AggregationAgreementTest}.
 */
class AggregationAgreementTest {

  static final Path FIXTURE = Path.of("src/test/resources/AggregationAgreementTest");

  @Test
  void bothEnginesPassTheSameTests(@TempDir Path dir) throws Exception {
    Path kshealth = layout(dir.resolve("kshealth"), "kshealth.yaml");
    Path prometheus = layout(dir.resolve("prometheus"), "prometheus.yaml");

    RulesCommandTest.Run run = RulesCommandTest.rulesTest(kshealth.toString());
    assertEquals(0, run.exitCode(), run.out() + run.err());

    String output = Promtool.run(List.of("test", "rules", prometheus.toString()));
    assertEquals(1, Promtool.successes(output), output);
  }

  /** {@code rules} as {@code <root>/aggregation.yaml} and the test beside it in {@code tests/}. */
  private static Path layout(Path root, String rules) throws Exception {
    Files.createDirectories(root.resolve("tests"));
    Files.copy(FIXTURE.resolve(rules), root.resolve("aggregation.yaml"));
    return Files.copy(
        FIXTURE.resolve("aggregation.test.yaml"), root.resolve("tests/aggregation.test.yaml"));
  }
}
