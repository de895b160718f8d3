package io.kshealth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.demo.driver.InputGenerator;
import io.kshealth.demo.driver.SampleApp;
import io.kshealth.demo.driver.SampleAppOptions;
import io.kshealth.it.CollectorRuns.Run;
import io.kshealth.it.testbed.TestBed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code streams} collector attached through the Attach API to JVMs started without any JMX
 * flag: the sample app, found again under a new PID when it restarts, and a JVM that runs no
 * Streams client at all.
 */
class StreamsAttachIT {

  /** Attaching starts the JMX agent inside the target, which takes a moment on a busy machine. */
  static final Duration TIMEOUT = Duration.ofMillis(900);

  static final Map<String, String> TARGET = Map.of("target", "streams");

  @Test
  void attachesToAnAppWithoutJmxFlagsAndFindsItsRestartUnderANewPid(@TempDir Path dir)
      throws Exception {
    SampleAppOptions options = TestBed.newApp("streams-attach", dir).withJmx(false);
    String match = Pattern.quote("--application-id " + options.applicationId());
    try (StreamsAgent agent =
            StreamsAgent.start(dir, StreamsAgent.attachMatching(match, TIMEOUT), "");
        InputGenerator input =
            InputGenerator.start(TestBed.bootstrapServers(), options.topics(), 50)) {
      double firstStart;
      try (SampleApp app = SampleApp.start(options).awaitRunning()) {
        Run run =
            agent.runs.until(
                r ->
                    r.value("kshealth_streams_client_state", StreamsCollectorIT.RUNNING).orElse(0.0)
                        == 1,
                StreamsAgent.RUNS_TIMEOUT);
        assertEquals(2.0, run.sum("kshealth_streams_client_alive_threads", Map.of()));
        assertTrue(run.sum("kshealth_rocksdb_client_memory_bytes", Map.of()) > 0);
        assertTrue(run.get("kshealth_target_process_resident_memory_bytes", TARGET) > 0);
        firstStart = run.get("kshealth_target_jvm_start_time_seconds", TARGET);
        assertEquals(
            app.pid(),
            Long.parseLong(status(agent).replaceAll("(?s).*\\(pid ([0-9]+)\\).*", "$1")),
            "the status names the attached process");
        assertEquals(143, app.stop(), "a clean stop");
        Run stopped =
            agent.runs.firstStartedAfter(System.currentTimeMillis(), StreamsAgent.RUNS_TIMEOUT);
        assertEquals(
            1.0,
            stopped.get(
                "kshealth_target_state", StreamsCollectorIT.with(TARGET, Map.of("state", "down"))));
      }
      try (SampleApp restarted = SampleApp.start(options)) {
        // The new JVM runs from here on: the next run must attach to it.
        restarted.awaitRunning();
        Run next =
            agent.runs.firstStartedAfter(System.currentTimeMillis(), StreamsAgent.RUNS_TIMEOUT);
        assertEquals(1.0, next.get("kshealth_target_up", TARGET), "found under its new PID");
        assertNotEquals(firstStart, next.get("kshealth_target_jvm_start_time_seconds", TARGET));
      }
      assertTrue(input.sent() > 0);
    }
  }

  /**
   * A JVM without Streams clients (another agent): within the grace period after its start the
   * expected client is not yet seen; after it, the client never appeared. Never "gone".
   */
  @Test
  void aClientThatNeverRegistersIsNotYetSeenThenNeverAppeared(@TempDir Path dir) throws Exception {
    Path marker = Files.writeString(dir.resolve("not-a-streams-app.yaml"), "collectors: {}\n");
    String match = Pattern.quote(marker.toString());
    try (StreamsAgent agent =
            StreamsAgent.start(
                dir,
                "{attach: {match: "
                    + StreamsAgent.quoted(match)
                    + "}, timeout: 900ms, grace-period: 8s}",
                "");
        Daemon other = Kshealth.distribution().start(dir, Map.of(), marker)) {
      Run notYet =
          agent.runs.until(
              r -> r.get("kshealth_target_up", TARGET) == 1, StreamsAgent.RUNS_TIMEOUT);
      Run never =
          agent.runs.until(
              r -> r.get("kshealth_target_jvm_uptime_seconds", TARGET) >= 8,
              StreamsAgent.RUNS_TIMEOUT);
      assertTrue(notYet.get("kshealth_target_jvm_uptime_seconds", TARGET) < 8, "attached late");
      assertEquals(1.0, presence(notYet, "not_yet_seen"));
      assertEquals(0.0, presence(notYet, "never_appeared"));
      assertEquals(0.0, presence(never, "not_yet_seen"));
      assertEquals(1.0, presence(never, "never_appeared"));
      for (Run r : agent.runs.seen()) {
        r.value(
                "kshealth_streams_clients",
                StreamsCollectorIT.with(TARGET, Map.of("presence", "gone")))
            .ifPresent(gone -> assertEquals(0.0, gone));
      }
      assertTrue(other.pid() > 0);
    }
  }

  private static double presence(Run run, String presence) {
    return run.get(
        "kshealth_streams_clients", StreamsCollectorIT.with(TARGET, Map.of("presence", presence)));
  }

  private static String status(StreamsAgent agent) throws Exception {
    return new String(agent.daemon.get("/api/v1/status").body());
  }
}
