package io.kshealth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/kshealth once}: the quick check on a new host. */
class OnceIT {

  private final Kshealth kshealth = Kshealth.distribution();

  @TempDir Path workDir;

  @Test
  void defaultConfigRunsTheAgentCollectorOk() throws Exception {
    Exec.Result result =
        kshealth.exec(workDir, "once", "--config", kshealth.defaultConfig().toString());

    assertEquals(0, result.exitCode(), result::describe);
    assertHasLine(result, "^agent\\s+process\\s+ok\\s.*");
    assertHasLine(result, "^\\s*kshealth_process_threads\\{process=\"agent\"\\}\\s+[1-9]\\d*\\s*$");
    // Off EC2 (this machine) the EBS collector runs fine and says plainly that it does not apply;
    // with no Streams app here, the streams collector says its target is down.
    assertHasLine(result, "^ebs\\s+ebs\\s+ok\\s.*");
    assertHasLine(result, "^ebs \\(not applicable: .*\\):$");
    assertHasLine(result, "^\\s*kshealth_ebs_applicable\\{\\}\\s+0\\s*$");
    assertHasLine(result, "^streams\\s+streams\\s+ok\\s.*");
    assertHasLine(result, "^\\s*kshealth_target_up\\{target=\"streams\"\\}\\s+0\\s*$");
  }

  @Test
  void processMatchingNothingIsUpZeroNotAnError() throws Exception {
    byte[] random = new byte[6];
    ThreadLocalRandom.current().nextBytes(random);
    String token = "no-such-process-" + HexFormat.of().formatHex(random);
    Path config = Locations.fixture(OnceIT.class, "absent-process.yaml");

    Exec.Result result =
        kshealth.exec(
            workDir, Map.of("KSHEALTH_IT_MATCH", token), "once", "--config", config.toString());

    assertEquals(0, result.exitCode(), result::describe);
    assertHasLine(result, "^absent\\s+process\\s+ok\\s.*");
    assertHasLine(result, "^\\s*kshealth_process_up\\{process=\"absent\"\\}\\s+0\\s*$");
  }

  private static void assertHasLine(Exec.Result result, String regex) {
    Pattern pattern = Pattern.compile(regex);
    assertTrue(
        result.stdoutLines().stream().anyMatch(line -> pattern.matcher(line).matches()),
        () -> "no stdout line matches " + regex + "\n" + result.describe());
  }
}
