package io.kshealth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.demo.driver.InputGenerator;
import io.kshealth.demo.driver.SampleApp;
import io.kshealth.demo.driver.SampleAppOptions;
import io.kshealth.demo.driver.Series;
import io.kshealth.it.testbed.TestBed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app's probes where the rule pack's scenarios do not reach: an exactly-once app, a paused JVM,
 * a rebalance of a healthy group. The agent runs as the demo runs it ({@link RulePackAgent});
 * latency is counted in its rule evaluations, 1 s apart. One scenario at a time: {@link RulePackIT}
 * already runs its own side by side, and a starved agent would read a healthy app as unknown.
 */
class AppProbesIT {

  /**
   * An exactly-once app, committing every 100 ms through transactions: its committed offsets move
   * between every two polls of the lag collector, so a healthy one is never a stall; for 60
   * evaluations both probes pass at every look and the verdict is ok everywhere it applies.
   */
  @Test
  void anExactlyOnceAppIsHealthyThroughout(@TempDir Path dir) throws Exception {
    SampleAppOptions options =
        TestBed.newApp("pack-eos", dir).withEos(true).withCommitInterval(Duration.ofMillis(100));
    try (InputGenerator input =
            InputGenerator.start(TestBed.bootstrapServers(), options.topics(), 100);
        SampleApp app = SampleApp.start(options);
        RulePackAgent agent = RulePackAgent.start(dir, options, Map.of())) {
      app.awaitRunning();
      long started = agent.look().evaluations();
      agent.until("60 evaluations", l -> l.evaluations() >= started + 60);
      AppVerdicts.assertHealthyThroughout("eos", agent.looks());
      assertTrue(input.sent() > 0);
    }
  }

  /**
   * A JVM paused by SIGSTOP for less than the demo's {@code probes.live.frozen-for} (30 s): the
   * streams area reads unknown and liveness stays 200; resumed, both probes pass again.
   */
  @Test
  void aShortPauseIsUnknownNotDead(@TempDir Path dir) throws Exception {
    duringAPause(
        dir,
        "pack-frozen",
        (agent, paused) -> {
          int pausedLook = agent.looks().size();
          agent.until("the streams area unknown", l -> l.level("streams").equals("unknown"));
          agent.until("10 evaluations of the pause", l -> l.evaluations() >= paused + 10);
          AppVerdicts.assertLivePassedSince(agent.looks(), pausedLook);
        });
  }

  /**
   * A JVM paused by SIGSTOP for longer than the demo's {@code probes.live.frozen-for} (30 s): the
   * brokers see its group STALL, then STOP once its members' sessions time out, and liveness asks
   * for a restart, naming the frozen JVM, only after frozen-for of that. The stall's alert fires
   * all the same, without thread evidence: the capture from a JVM that does not answer times out,
   * and is counted so. Resumed, the app rejoins and both probes pass again.
   */
  @Test
  void aLongPauseIsDead(@TempDir Path dir) throws Exception {
    duringAPause(
        dir,
        "pack-frozen-long",
        (agent, paused) -> {
          RulePackAgent.Look stopped =
              agent.until(
                  "the streams area unknown while the brokers see the group STALL or STOP",
                  l ->
                      l.level("streams").equals("unknown")
                          && Arrays.asList("STALL", "STOP").contains(l.fact("lag", "status")));
          assertEquals(200, stopped.live(), stopped.probes());
          RulePackAgent.Look dead = AppVerdicts.awaitLiveFailing(agent, "long pause", paused);
          assertTrue(
              dead.liveReason().contains("the app's JVM has not answered for"), dead.probes());

          agent.awaitFiring("KafkaStreamsLagStalled");
          agent.until(
              "a thread capture counted as timed out",
              l -> evidenceCaptures(agent, "threads", "timeout") >= 1);
          assertTrue(
              AlertEvidence.of(agent.daemon, "KafkaStreamsLagStalled").stream()
                  .noneMatch(c -> c.kind().equals("threads")),
              "no thread evidence from a paused JVM");
        });
  }

  /** What a test does while the app's JVM is stopped, given the evaluations at the pause. */
  private interface WhilePaused {
    void run(RulePackAgent agent, long pausedAt) throws Exception;
  }

  /**
   * Starts an app and the agent, pauses the app's JVM (SIGSTOP) once both probes pass and the lag
   * collector reports the instance's partitions, runs {@code whilePaused}, resumes it (SIGCONT)
   * whatever happened, and waits until both probes pass again.
   */
  private static void duringAPause(Path dir, String name, WhilePaused whilePaused)
      throws Exception {
    SampleAppOptions options = TestBed.newApp(name, dir);
    try (InputGenerator input =
            InputGenerator.start(TestBed.bootstrapServers(), options.topics(), 100);
        SampleApp app = SampleApp.start(options);
        RulePackAgent agent = RulePackAgent.start(dir, options, Map.of())) {
      app.awaitRunning();
      AppVerdicts.awaitBothProbesPass(agent);
      // The lag collector must have seen the instance's members hold their partitions before the
      // pause, as an agent that has watched an app for a while has: one whose first look comes
      // after the JVM froze cannot tell which partitions are the instance's, nor a stall from a
      // stop. Under load its first runs may end after the probes pass.
      agent.until(
          "the lag collector reporting the instance's partitions",
          l -> {
            String reported = l.fact("lag", "reported_partitions");
            return reported != null && Double.parseDouble(reported) > 0;
          });
      Signal.send("STOP", app.pid());
      try {
        whilePaused.run(agent, agent.look().evaluations());
      } finally {
        Signal.send("CONT", app.pid());
      }
      AppVerdicts.awaitBothProbesPass(agent);
      assertTrue(input.sent() > 0);
    }
  }

  /**
   * A second instance joins the group of a healthy one, whose tasks then move: the first instance's
   * readiness stays 200 at every look (a group-wide rebalance must not take every instance out of
   * service) and its liveness too.
   */
  @Test
  void aRebalanceOfAHealthyGroupKeepsReadiness(@TempDir Path dir) throws Exception {
    SampleAppOptions first = TestBed.newApp("pack-rebalance", dir.resolve("a"));
    SampleAppOptions second = first.withWorkDir(dir.resolve("b"));
    String firstOnly =
        "SampleStreamsApp .*--application-id "
            + Pattern.quote(first.applicationId())
            + " --state-dir "
            + Pattern.quote(first.stateDir().toString())
            + " ";
    try (InputGenerator input =
            InputGenerator.start(TestBed.bootstrapServers(), first.topics(), 100);
        SampleApp a = SampleApp.start(first);
        RulePackAgent agent = RulePackAgent.start(dir, first, Map.of(), Map.of(), firstOnly)) {
      a.awaitRunning();
      AppVerdicts.awaitBothProbesPass(agent);
      double rebalances = rebalances(agent);
      int joined = agent.looks().size();
      try (SampleApp b = SampleApp.start(second)) {
        b.awaitRunning();
        long running = agent.look().evaluations();
        agent.until("5 evaluations after both run", l -> l.evaluations() >= running + 5);
        assertTrue(rebalances(agent) > rebalances, "the first instance rebalanced");
        AppVerdicts.assertProbesPassedSince(agent.looks(), joined);
      }
      assertTrue(input.sent() > 0);
    }
  }

  /** {@code kshealth_evidence_captures_total{kind,result}} now. */
  private static double evidenceCaptures(RulePackAgent agent, String kind, String result) {
    List<Series> metrics;
    try {
      metrics =
          Series.parse(new String(agent.daemon.get("/metrics").body(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return Series.sum(
        metrics, "kshealth_evidence_captures_total", Map.of("kind", kind, "result", result));
  }

  /** The first instance's rebalances so far, over its stream threads. */
  private static double rebalances(RulePackAgent agent) throws Exception {
    List<Series> metrics =
        Series.parse(new String(agent.daemon.get("/metrics").body(), StandardCharsets.UTF_8));
    return Series.sum(metrics, "kshealth_streams_thread_rebalances_total", Map.of());
  }
}
