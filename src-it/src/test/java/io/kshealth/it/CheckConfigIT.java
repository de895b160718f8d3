package io.kshealth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/kshealth check-config}: every mistake at once, each with its position. */
class CheckConfigIT {

  private static final Pattern POSITIONED = Pattern.compile("^.*three-mistakes\\.yaml:\\d+:\\d+: ");

  private final Kshealth kshealth = Kshealth.distribution();

  @TempDir Path workDir;

  @Test
  void listsEveryMistakeWithLineColumnAndFieldThenExits2() throws Exception {
    Path config = Locations.fixture(CheckConfigIT.class, "three-mistakes.yaml");

    Exec.Result result = kshealth.exec(workDir, "check-config", "--config", config.toString());

    assertEquals(2, result.exitCode(), result::describe);
    List<String> errors =
        result.stderrLines().stream().filter(line -> POSITIONED.matcher(line).find()).toList();
    assertEquals(3, errors.size(), result::describe);
    // Positions counted by hand in the fixture; columns are 1-based.
    assertStartsWith(config + ":3:3: http.listn: ", errors.get(0), "unknown key");
    assertStartsWith(config + ":6:11: history.window: ", errors.get(1), "not a duration");
    assertStartsWith(config + ":7:18: history.max-file-size: ", errors.get(2), "not a size");
    List<String> stderr = result.stderrLines();
    assertEquals("3 errors in " + config, stderr.get(stderr.size() - 1), result::describe);
  }

  @Test
  void defaultConfigIsValid() throws Exception {
    Exec.Result result =
        kshealth.exec(workDir, "check-config", "--config", kshealth.defaultConfig().toString());

    assertEquals(0, result.exitCode(), result::describe);
    assertTrue(result.stdout().contains("valid"), result::describe);
    // Under the launcher's heap: every bound of the shipped config fits, each with its share.
    // The heap as this JVM reports -Xmx64m (63.6 MiB with the launcher's young generation).
    assertTrue(
        Pattern.compile("MiB at every bound, of the 63\\.\\d MiB heap \\(-Xmx\\)")
            .matcher(result.stdout())
            .find(),
        result::describe);
    for (String bound :
        List.of(
            "history.max-series                      27.5 MiB  6000 series of 30m at 5s",
            "collectors.lag.max-partitions            9.2 MiB  2200 partitions",
            "alerting.rules ",
            "alerting.max-alerts                    1000.0 KiB  500 alert instances",
            "alerting.outbox.memory                   2.0 MiB  1 notifier(s)")) {
      assertTrue(result.stdout().contains(bound), () -> bound + " in " + result.describe());
    }
  }

  @Test
  void aHistoryThatCannotFitTheLaunchersHeapExits2NamingTheFieldAndWhatFits() throws Exception {
    Path config =
        Files.writeString(
            workDir.resolve("big-history.yaml"),
            "history:\n"
                + "  max-series: 50000\n"
                + "collectors:\n"
                + "  node: {type: node, interval: 10s}\n");

    Exec.Result result = kshealth.exec(workDir, "check-config", "--config", config.toString());

    assertEquals(2, result.exitCode(), result::describe);
    assertStartsWith(
        config
            + ":2:15: history.max-series: 50000 series of 30m at 10s take up to 122.5 MiB of heap"
            + " (2568 bytes each); the agent's bounded data (history.max-series 122.5 MiB) and the"
            + " 20.0 MiB the rest of it needs come to 142.5 MiB, more than the heap of ",
        result.stderrLines().get(0),
        "series of 30m at 10s fit beside the others; lower this bound or another, or give the"
            + " agent a heap of at least 144 MiB (JAVA_OPTS=-Xmx144m)");
  }

  @Test
  void missingFileExits2() throws Exception {
    Path missing = workDir.resolve("absent.yaml");

    Exec.Result result = kshealth.exec(workDir, "check-config", "--config", missing.toString());

    assertEquals(2, result.exitCode(), result::describe);
    assertTrue(result.stderr().contains("no such file"), result::describe);
  }

  private static void assertStartsWith(String prefix, String line, String message) {
    assertTrue(line.startsWith(prefix), () -> "expected " + prefix + "...\nbut was " + line);
    assertTrue(line.contains(message), () -> "expected '" + message + "' in " + line);
  }
}
