package io.kshealth.dist;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import java.util.List;

/**
 * Fuzzes a rule file through {@code kshealth check-config} with a config that names only that file.
 * Seeds: the shipped {@code config/rules/*.yaml} and the hostile files in {@code
 * src/test/resources/RuleFileFuzzTest/corpus/}.
 */
class RuleFileFuzzTest {

  private static final FuzzedInput INPUT = FuzzedInput.inCopyOfShippedConfig();
  private static final Path CONFIG =
      INPUT.write(
          "fuzzed-rules-config.yaml",
          "collectors: {}\nalerting:\n  rules: [fuzzed-rules.yaml]\n  notifiers:\n"
              + "    log: {type: log}\n");

  @FuzzTest(maxDuration = "10s")
  void rulesLoadOrGiveErrorsAtPositions(byte[] rules) {
    INPUT.write("fuzzed-rules.yaml", rules);
    INPUT.holdsContract(List.of(0), "check-config", "--config", CONFIG.toString());
  }
}
