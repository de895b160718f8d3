package io.kshealth.core.probe;

import static io.kshealth.core.probe.AppRuns.LAG;
import static io.kshealth.core.probe.AppRuns.STREAMS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.api.Sample;
import io.kshealth.api.Snapshot;
import io.kshealth.core.config.CollectorConfig;
import io.kshealth.core.config.ProbeConfig;
import io.kshealth.core.io.DataDirHealth;
import io.kshealth.core.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppProbesTest {

  private final MutableClock clock = new MutableClock();

  /** The app's JVM started a minute before the tests begin; restarts are counted at JVM starts. */
  private final double jvmStart = clock.millis() / 1000.0 - 60;

  private AppProbes probes(ProbeConfig config, Optional<Path> dataDir) {
    return new AppProbes(
        config,
        List.of(STREAMS, LAG),
        clock,
        dataDir,
        dataDir.map(DataDirHealth::probe).orElseGet(DataDirHealth::none));
  }

  private AppProbes probes() {
    return probes(ProbeConfig.DEFAULTS, Optional.empty());
  }

  private static void run(AppProbes probes, CollectorConfig collector, Snapshot run) {
    probes.observe(collector, Optional.of(run));
  }

  private void every10s(int runs, AppProbes probes, Runnable each) {
    for (int i = 0; i < runs; i++) {
      clock.advance(Duration.ofSeconds(10));
      each.run();
    }
  }

  @Test
  void withoutDataTheAppIsNotReadyButNotDeadEither() {
    AppProbes probes = probes();
    assertEquals(503, probes.ready().status());
    assertTrue(probes.ready().reason().contains("no data yet"), probes.ready().reason());
    assertEquals(200, probes.live().status());
    assertTrue(probes.live().reason().contains("unknown is not dead"), probes.live().reason());

    probes.observe(STREAMS, Optional.empty());
    assertEquals(200, probes.live().status(), "a failed first run is no data either");

    AppProbes none =
        new AppProbes(
            ProbeConfig.DEFAULTS, List.of(LAG), clock, Optional.empty(), DataDirHealth.none());
    assertEquals(503, none.ready().status());
    assertTrue(none.ready().reason().contains("no streams collector"));
    assertEquals(200, none.live().status());
  }

  @Test
  void readyOnlyOnceRunningSinceTheJvmStartedThenThroughRebalances() {
    AppProbes probes = probes();
    run(probes, STREAMS, AppRuns.streams(clock, "up", jvmStart, "CREATED", 0, 2));
    assertEquals(503, probes.ready().status());
    run(probes, STREAMS, AppRuns.streams(clock, "up", jvmStart, "REBALANCING", 2, 2));
    assertEquals(503, probes.ready().status(), "the first restore is not ready");
    assertTrue(probes.ready().reason().contains("has not been RUNNING"), probes.ready().reason());
    run(
        probes,
        STREAMS,
        AppRuns.restoring(AppRuns.streams(clock, "up", jvmStart, "RUNNING", 2, 2), 3));
    assertEquals(503, probes.ready().status(), "RUNNING while the first restore goes on");
    assertTrue(
        probes.ready().reason().contains("is restoring 3 task(s) before its first RUNNING"),
        probes.ready().reason());
    run(probes, STREAMS, AppRuns.streams(clock, "up", jvmStart, "RUNNING", 1, 2));
    assertEquals(503, probes.ready().status(), "RUNNING short of a thread");
    assertTrue(probes.ready().reason().contains("runs 1 of its 2"), probes.ready().reason());
    run(probes, STREAMS, AppRuns.streams(clock, "up", jvmStart, "RUNNING", 2, 2));
    assertEquals(200, probes.ready().status());
    run(probes, STREAMS, AppRuns.streams(clock, "up", jvmStart, "REBALANCING", 2, 2));
    assertEquals(200, probes.ready().status(), "a group-wide rebalance keeps every pod in");
    run(
        probes,
        STREAMS,
        AppRuns.restoring(AppRuns.streams(clock, "up", jvmStart, "RUNNING", 2, 2), 1));
    assertEquals(200, probes.ready().status(), "a task restoring after a rebalance keeps it in");

    run(probes, STREAMS, AppRuns.streams(clock, "up", jvmStart + 60, "REBALANCING", 2, 2));
    assertEquals(503, probes.ready().status(), "a new JVM starts over");
    for (String state : List.of("ERROR", "NOT_RUNNING", "PENDING_SHUTDOWN", "GONE", "CLOSED")) {
      run(probes, STREAMS, AppRuns.streams(clock, "up", jvmStart + 60, state, 0, 2));
      assertEquals(503, probes.ready().status(), state);
      assertTrue(probes.ready().reason().endsWith("is " + state), probes.ready().reason());
    }
    run(probes, STREAMS, AppRuns.streams(clock, "down", jvmStart + 60, "GONE", 0, 2));
    assertTrue(probes.ready().reason().contains("not running"), probes.ready().reason());
  }

  @Test
  void readinessOptionallyHoldsATimeLagSlo() {
    AppProbes probes =
        probes(
            new ProbeConfig(
                Duration.ofSeconds(60),
                Duration.ofMinutes(1),
                4,
                Duration.ofSeconds(60),
                Duration.ofMinutes(2),
                3,
                Duration.ofHours(1)),
            Optional.empty());
    run(probes, STREAMS, AppRuns.streams(clock, "up", jvmStart, "RUNNING", 2, 2));
    run(probes, LAG, AppRuns.lag(clock, "OK", 59, 30));
    assertEquals(200, probes.ready().status());
    run(probes, LAG, AppRuns.lag(clock, "WARN", 61, 30));
    assertEquals(503, probes.ready().status());
    assertTrue(probes.ready().reason().contains("time lag 61s"), probes.ready().reason());
  }

  @Test
  void aDeadClientFailsLivenessOnlyPastItsGracePeriod() {
    AppProbes probes = probes();
    run(probes, STREAMS, AppRuns.streams(clock, "up", jvmStart, "RUNNING", 2, 2));
    clock.advance(Duration.ofSeconds(10));
    run(probes, STREAMS, AppRuns.streams(clock, "up", jvmStart, "GONE", 0, 2));
    every10s(
        5,
        probes,
        () -> {
          run(probes, STREAMS, AppRuns.streams(clock, "up", jvmStart, "GONE", 0, 2));
          assertEquals(200, probes.live().status(), "50 s of GONE is within the 1m grace");
        });
    clock.advance(Duration.ofSeconds(10));
    assertEquals(503, probes.live().status(), "60 s of GONE");
    assertTrue(
        probes.live().reason().contains("client app-1 is GONE for 1m"), probes.live().reason());
  }

  /** {@code runs} runs 10 s apart of a RUNNING client whose group reads STALL (30 s commits). */
  private void stalledWhileRunning(AppProbes probes, int runs) {
    every10s(
        runs,
        probes,
        () -> {
          run(probes, STREAMS, AppRuns.streams(clock, "up", jvmStart, "RUNNING", 2, 2));
          run(probes, LAG, AppRuns.lag(clock, "STALL", 90, 30));
        });
  }

  @Test
  void aStallWhileRunningFailsLivenessAfterCommitIntervalsWithAFloor() {
    AppProbes probes = probes();
    // 4 commit intervals of 30 s: 2 minutes.
    run(probes, STREAMS, AppRuns.streams(clock, "up", jvmStart, "RUNNING", 2, 2));
    run(probes, LAG, AppRuns.lag(clock, "STALL", 90, 30));
    stalledWhileRunning(probes, 11);
    assertEquals(200, probes.live().status(), "110 s");
    clock.advance(Duration.ofSeconds(10));
    assertEquals(503, probes.live().status(), "120 s");
    assertTrue(probes.live().reason().contains("lag STALL"), probes.live().reason());

    // Brokers down: the stall is no longer seen; last seen now, it holds for three runs (30 s).
    run(probes, LAG, AppRuns.lag(clock, "STALL", 90, 30, false));
    assertEquals(503, probes.live().status());
    clock.advance(Duration.ofSeconds(31));
    run(probes, LAG, AppRuns.lag(clock, "STALL", 90, 30, false));
    assertEquals(200, probes.live().status(), "not seen for 31 s: unknown is not dead");
    run(probes, LAG, AppRuns.lag(clock, "OK", 0, 30));
    run(probes, LAG, AppRuns.lag(clock, "STALL", 90, 30));
    assertEquals(200, probes.live().status(), "seen progressing: a new stall counts anew");

    // Exactly-once's 100 ms commits: the 60 s floor.
    AppProbes eos = probes();
    run(eos, STREAMS, AppRuns.streams(clock, "up", jvmStart, "RUNNING", 2, 2));
    run(eos, LAG, AppRuns.lag(clock, "STALL", 5, 0.1));
    every10s(5, eos, () -> run(eos, LAG, AppRuns.lag(clock, "STALL", 5, 0.1)));
    clock.advance(Duration.ofSeconds(9));
    assertEquals(200, eos.live().status(), "59 s");
    clock.advance(Duration.ofSeconds(1));
    assertEquals(503, eos.live().status(), "60 s");
  }

  @Test
  void aRestoreIsNoStallHoweverLongItLasts() {
    // A client that reads RUNNING while a task restores (restored again after it was corrupted,
    // without a rebalance): its input waits, lag STALL by the offsets. A restart would only start
    // the restore again.
    AppProbes probes = probes();
    every10s(
        30,
        probes,
        () -> {
          run(
              probes,
              STREAMS,
              AppRuns.restoring(AppRuns.streams(clock, "up", jvmStart, "RUNNING", 2, 2), 2));
          run(probes, LAG, AppRuns.lag(clock, "STALL", 90, 30));
        });
    assertEquals(200, probes.live().status(), "5 minutes of restore: " + probes.live().reason());

    // The restore ends and the partitions still do not move: a stall, counted from then.
    run(probes, STREAMS, AppRuns.streams(clock, "up", jvmStart, "RUNNING", 2, 2));
    stalledWhileRunning(probes, 11);
    assertEquals(200, probes.live().status(), "110 s after the restore");
    clock.advance(Duration.ofSeconds(10));
    assertEquals(503, probes.live().status(), "120 s after the restore");
  }

  @Test
  void runsThatCannotTellNeitherStartNorEndAStall() {
    AppProbes probes = probes();
    run(probes, STREAMS, AppRuns.streams(clock, "up", jvmStart, "RUNNING", 2, 2));
    run(probes, LAG, AppRuns.lag(clock, "STALL", 90, 30));
    // A busy host: every other lag run fails or finds the brokers slow.
    for (int i = 1; i <= 12; i++) {
      clock.advance(Duration.ofSeconds(10));
      if (i % 2 == 0) {
        run(probes, LAG, AppRuns.lag(clock, "STALL", 90, 30));
      } else {
        probes.observe(LAG, Optional.empty());
      }
    }
    assertEquals(503, probes.live().status(), "120 s of a stall seen every other run");
  }

  @Test
  void pollIntervalsPastTheLimitFailLivenessOnlyOnEveryThread() {
    AppProbes probes = probes();
    run(probes, STREAMS, AppRuns.pollRatios(clock, jvmStart, 1.2, 0.1));
    assertEquals(200, probes.live().status(), "one thread still polls");
    run(probes, STREAMS, AppRuns.pollRatios(clock, jvmStart, 1.2, 1.0));
    assertEquals(503, probes.live().status());
    assertTrue(probes.live().reason().contains("max.poll.interval.ms"), probes.live().reason());
  }

  @Test
  void aFrozenJvmFailsLivenessOnlyWhenTheBrokersSeeItStopAndForLong() {
    AppProbes probes = probes();
    run(probes, STREAMS, AppRuns.streams(clock, "up", jvmStart, "RUNNING", 2, 2));
    every10s(3, probes, () -> run(probes, STREAMS, AppRuns.unresponsive(clock)));
    assertEquals(200, probes.live().status(), "frozen, but the group looks fine");
    assertEquals(200, probes.ready().status(), "a short freeze keeps the last known state");
    run(probes, LAG, AppRuns.lag(clock, "STOP", 40, 30));
    every10s(
        11,
        probes,
        () -> {
          run(probes, STREAMS, AppRuns.unresponsive(clock));
          run(probes, LAG, AppRuns.lag(clock, "STOP", 40, 30));
        });
    assertEquals(200, probes.live().status(), "110 s of a 2m frozen-for");
    clock.advance(Duration.ofSeconds(10));
    assertEquals(503, probes.live().status());
    assertTrue(probes.live().reason().contains("has not answered for 2m"), probes.live().reason());

    run(probes, STREAMS, AppRuns.streams(clock, "up", jvmStart, "RUNNING", 2, 2));
    assertEquals(200, probes.live().status(), "it answers again");
  }

  @Test
  void theRestartBudgetHoldsLivenessBackAndSurvivesTheAgent(@TempDir Path data) {
    ProbeConfig config = ProbeConfig.DEFAULTS;
    AppProbes probes = probes(config, Optional.of(data));
    double start = jvmStart;
    run(probes, STREAMS, AppRuns.streams(clock, "up", start, "RUNNING", 2, 2));
    for (int restart = 1; restart <= 3; restart++) {
      clock.advance(Duration.ofMinutes(5));
      start += 300;
      run(probes, STREAMS, AppRuns.streams(clock, "up", start, "RUNNING", 2, 2));
      assertEquals(restart, value(probes, "kshealth_probe_app_restarts"));
    }
    assertEquals(1.0, value(probes, "kshealth_probe_restart_budget_exhausted"));

    AppProbes afterAgentRestart = probes(config, Optional.of(data));
    assertEquals(3.0, value(afterAgentRestart, "kshealth_probe_app_restarts"));
    double jvm = start;
    run(afterAgentRestart, STREAMS, AppRuns.streams(clock, "up", jvm, "GONE", 0, 2));
    every10s(
        12,
        afterAgentRestart,
        () -> run(afterAgentRestart, STREAMS, AppRuns.streams(clock, "up", jvm, "GONE", 0, 2)));
    assertEquals(200, afterAgentRestart.live().status());
    assertTrue(
        afterAgentRestart.live().reason().startsWith("alive, with a warning: client app-1"),
        afterAgentRestart.live().reason());
    assertTrue(afterAgentRestart.live().reason().contains("restarted 3 times within 1h"));
    assertEquals(1.0, value(afterAgentRestart, "kshealth_probe_success", "live"));

    every10s(
        300,
        afterAgentRestart,
        () -> run(afterAgentRestart, STREAMS, AppRuns.streams(clock, "up", jvm, "GONE", 0, 2)));
    assertEquals(2.0, value(afterAgentRestart, "kshealth_probe_app_restarts"), "one left the hour");
    assertEquals(503, afterAgentRestart.live().status());
    assertEquals(0.0, value(afterAgentRestart, "kshealth_probe_success", "live"));
  }

  private static double value(AppProbes probes, String metric, String... probe) {
    return probes.samples().stream()
        .filter(s -> s.metric().name().equals(metric))
        .filter(s -> probe.length == 0 || probe[0].equals(s.labels().get("probe")))
        .mapToDouble(Sample::value)
        .findFirst()
        .orElseThrow();
  }
}
