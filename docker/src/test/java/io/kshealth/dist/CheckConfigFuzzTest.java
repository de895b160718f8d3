package io.kshealth.dist;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import java.util.List;

/**
 * Fuzzes the agent's config file through {@code kshealth check-config}. Seeds: the shipped {@code
 * config/kshealth.yaml} and the hostile files in {@code src/test/resources/CheckConfigFuzzTest/
 * corpus/} (both copied to where Jazzer looks for them, see the pom).
 */
class CheckConfigFuzzTest {

  private static final FuzzedInput INPUT = FuzzedInput.inCopyOfShippedConfig();

  @FuzzTest(maxDuration = "10s")
  void configLoadsOrGivesErrorsAtPositions(byte[] config) {
    Path file = INPUT.write("fuzzed.yaml", config);
    INPUT.holdsContract(List.of(0), "check-config", "--config", file.toString());
  }
}
