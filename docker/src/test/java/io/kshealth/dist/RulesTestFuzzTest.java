package io.kshealth.dist;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import java.util.List;

/**
 * Fuzzes a rule unit-test file through {@code kshealth rules test}; the file sits where the shipped
 * tests do, so {@code rule_files: [../streams.yaml]} finds the shipped rules. Seeds: the shipped
 * {@code config/rules/tests/*} and the hostile files in {@code
 * src/test/resources/RulesTestFuzzTest/corpus/}.
 */
class RulesTestFuzzTest {

  private static final FuzzedInput INPUT = FuzzedInput.inCopyOfShippedConfig();

  @FuzzTest(maxDuration = "10s")
  void ruleTestsRunOrGiveErrorsAtPositions(byte[] tests) {
    Path file = INPUT.write("rules/tests/fuzzed.test.yaml", tests);
    INPUT.holdsContract(List.of(0, 1), "rules", "test", file.toString());
  }
}
