package io.kshealth.collectors.process;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.api.Sample;
import io.kshealth.api.Snapshot;
import io.kshealth.collectors.support.proc.ProcessSelector;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Against the real {@code /proc} of this machine. */
class ProcessCollectorTest {

  private Process child;

  @AfterEach
  void killChild() {
    if (child != null) {
      stop(child);
    }
  }

  private static Map<String, Double> collect(ProcessCollector collector) throws IOException {
    Snapshot.Builder out = new Snapshot.Builder("test", 0);
    collector.collect(out);
    return out.build().samples().stream()
        .collect(Collectors.toMap(s -> s.metric().name(), Sample::value));
  }

  private static ProcessCollector collector(ProcessSelector selector) {
    return new ProcessCollector(new ProcessSettings(selector, ProcessSettings.PROC), "test");
  }

  @Test
  void readsTheAgentsOwnProcess() throws IOException {
    ProcessCollector self = collector(ProcessSelector.self());
    Map<String, Double> m = collect(self);

    assertEquals(1.0, m.get("kshealth_process_up"));
    assertTrue(m.get("kshealth_process_threads") >= 2, m.toString());
    assertTrue(m.get("kshealth_process_resident_memory_bytes") > 1 << 20, m.toString());
    assertTrue(m.get("kshealth_process_cpu_seconds_total") > 0, m.toString());
    assertTrue(m.get("kshealth_process_open_fds") > 0, m.toString());
    Instant started = ProcessHandle.current().info().startInstant().orElseThrow();
    assertEquals(
        started.toEpochMilli() / 1000.0, m.get("kshealth_process_start_time_seconds"), 1.0);
    assertEquals("pid " + ProcessHandle.current().pid(), self.target().orElseThrow());
  }

  @Test
  void namesTheProcessStartAsTheSourceStartSoARestartEndsItsSeries() throws IOException {
    Snapshot.Builder out = new Snapshot.Builder("test", 0);
    collector(ProcessSelector.self()).collect(out);
    Instant started = ProcessHandle.current().info().startInstant().orElseThrow();
    assertEquals(started.toEpochMilli(), out.build().sourceStartMillis().orElseThrow(), 1000, "ms");
  }

  @Test
  void findsAProcessByCommandLineAndAgainAfterItRestarts() throws Exception {
    String token = "kshealth-test-" + UUID.randomUUID();
    ProcessCollector byMatch =
        collector(ProcessSelector.matching(Pattern.compile(Pattern.quote(token))));

    assertEquals(Map.of("kshealth_process_up", 0.0), collect(byMatch), "not started yet");
    assertTrue(byMatch.target().isEmpty());

    child = start(token);
    await().until(() -> collect(byMatch).get("kshealth_process_up") == 1.0);
    assertEquals("pid " + child.pid(), byMatch.target().orElseThrow());

    stop(child);
    child.waitFor();
    await().until(() -> collect(byMatch).get("kshealth_process_up") == 0.0);
    assertTrue(byMatch.target().isEmpty());

    child = start(token);
    await().until(() -> collect(byMatch).get("kshealth_process_up") == 1.0);
    assertEquals("pid " + child.pid(), byMatch.target().orElseThrow(), "found under its new pid");
  }

  @Test
  void aPidThatDoesNotExistIsDown() throws IOException {
    ProcessCollector gone = collector(ProcessSelector.pid(Integer.MAX_VALUE));
    assertEquals(Map.of("kshealth_process_up", 0.0), collect(gone));
  }

  private static void stop(Process p) {
    p.descendants().forEach(ProcessHandle::destroy);
    p.destroy();
  }

  /** A shell whose command line carries the token; the launcher may not have exec'd it yet. */
  private static Process start(String token) throws IOException {
    return new ProcessBuilder("sh", "-c", "sleep 300; true", token).start();
  }
}
