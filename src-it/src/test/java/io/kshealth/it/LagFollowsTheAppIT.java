package io.kshealth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.demo.app.Fault;
import io.kshealth.demo.app.SampleTopics;
import io.kshealth.demo.driver.FaultInjector;
import io.kshealth.demo.driver.InputGenerator;
import io.kshealth.demo.driver.SampleApp;
import io.kshealth.demo.driver.SampleAppOptions;
import io.kshealth.it.testbed.TestBed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The lag collector in {@code instance} scope follows the app it watches (issue 17): to a new
 * {@code application.id} after a restart, and through the app's death, when its members leave the
 * group and only the agent still knows whose partitions pile up. Latency is counted in the agent's
 * runs (1 s apart).
 */
class LagFollowsTheAppIT {

  /** Short, so that blocked threads are put out of the group within a few runs. */
  private static final Duration MAX_POLL_INTERVAL = Duration.ofSeconds(3);

  /** The sample app's input partitions (events and profiles), all on its one instance. */
  private static final int PARTITIONS = 2 * SampleTopics.PARTITIONS;

  @Test
  void aRestartWithANewApplicationIdIsFollowedWithinTwoRuns(@TempDir Path dir) throws Exception {
    SampleAppOptions before = TestBed.newApp("lag-follow", dir.resolve("before"));
    String old = before.applicationId();
    try (LagAgent agent = agent(dir, "SampleStreamsApp .*--application-id it-lag-follow-")) {
      try (InputGenerator input =
              InputGenerator.start(TestBed.bootstrapServers(), before.topics(), 20);
          SampleApp app = SampleApp.start(before)) {
        app.awaitRunning();
        agent.until("reporting " + old, old, r -> reported(r, old) == PARTITIONS);
        assertTrue(input.sent() > 0);
      }
      SampleAppOptions after = TestBed.newApp("lag-follow", dir.resolve("after"));
      String renamed = after.applicationId();
      try (InputGenerator input =
              InputGenerator.start(TestBed.bootstrapServers(), after.topics(), 20);
          SampleApp app = SampleApp.start(after)) {
        app.awaitRunning();
        long runningAt = System.currentTimeMillis();
        List<CollectorRuns.Run> next = new ArrayList<>();
        next.add(agent.runs.firstStartedAfter(runningAt, LagAgent.TIMEOUT));
        next.addAll(agent.runs.next(1, LagAgent.TIMEOUT));
        String runs =
            next.stream()
                .map(r -> (r.startedMillis() - runningAt) + " ms: " + LagAgent.summary(r, renamed))
                .collect(Collectors.joining("\n"));
        System.out.println("lag follow: the two runs after the new app was RUNNING:\n" + runs);
        assertTrue(
            next.stream().anyMatch(r -> groups(r).equals(Set.of(renamed))),
            "the new group " + renamed + " alone within two runs:\n" + runs);
        CollectorRuns.Run caughtUp =
            agent.until(
                "OK with its partitions",
                renamed,
                r ->
                    reported(r, renamed) == PARTITIONS && LagAgent.status(r, renamed).equals("OK"));
        assertEquals(Set.of(renamed), groups(caughtUp));
        assertTrue(input.sent() > 0);
      }
    }
  }

  /**
   * All stream threads blocked until {@code max.poll.interval.ms} puts them out, or a poison record
   * that kills the client while the JVM lives on: either way the group ends up with no member,
   * nobody reads the instance's partitions, and the agent reports them STOP with their lag growing.
   */
  @ParameterizedTest
  @EnumSource(
      value = Fault.class,
      names = {"STALL", "THREAD_DEATH"})
  void membersGoneLeaveTheInstancesPartitionsStoppedWithTheirLag(Fault fault, @TempDir Path dir)
      throws Exception {
    SampleAppOptions options =
        TestBed.newApp("lag-gone-" + fault.id(), dir).withMaxPollInterval(MAX_POLL_INTERVAL);
    String group = options.applicationId();
    Map<String, String> g = Map.of("group", group);
    try (InputGenerator input =
            InputGenerator.start(TestBed.bootstrapServers(), options.topics(), 50);
        FaultInjector faults = new FaultInjector(TestBed.bootstrapServers());
        LagAgent agent =
            agent(dir, "SampleStreamsApp .*--application-id " + Pattern.quote(group) + " ");
        SampleApp app = SampleApp.start(options)) {
      app.awaitRunning();
      CollectorRuns.Run healthy =
          agent.until(
              "OK with the instance's partitions",
              group,
              r -> reported(r, group) == PARTITIONS && LagAgent.status(r, group).equals("OK"));
      Set<String> owned = LagAgent.reported(healthy);

      faults.inject(app, fault);
      CollectorRuns.Run emptied =
          agent.until(
              "the group without members",
              group,
              r -> r.value("kshealth_lag_group_members", g).orElse(-1.0) == 0);
      CollectorRuns.Run stopped =
          agent.until(
              "STOP with the instance's partitions and their lag",
              group,
              r ->
                  LagAgent.status(r, group).equals("STOP")
                      && LagAgent.reported(r).equals(owned)
                      && r.get("kshealth_lag_total_records", g) > 0);
      List<CollectorRuns.Run> seen = agent.runs.seen();
      int late = seen.indexOf(stopped) - seen.indexOf(emptied);
      System.out.println(
          "lag "
              + fault.id()
              + ": STOP "
              + late
              + " runs after the first run without members:\n"
              + seen.subList(seen.indexOf(healthy), seen.indexOf(stopped) + 1).stream()
                  .map(r -> LagAgent.summary(r, group))
                  .collect(Collectors.joining("\n")));
      assertTrue(late <= 2, "STOP " + late + " runs after the group emptied");

      double lag = stopped.get("kshealth_lag_total_records", g);
      CollectorRuns.Run later =
          agent.until(
              "the lag growing, still STOP",
              group,
              r ->
                  r.get("kshealth_lag_total_records", g) > lag
                      && LagAgent.status(r, group).equals("STOP"));
      List<CollectorRuns.Run> all = agent.runs.seen();
      List<CollectorRuns.Run> between = all.subList(all.indexOf(stopped), all.indexOf(later) + 1);
      assertTrue(
          between.stream().allMatch(r -> LagAgent.status(r, group).equals("STOP")),
          "STOP from then on");
      assertEquals(owned, LagAgent.reported(later));
      assertEquals(0, later.get("kshealth_lag_group_members", g));
      assertTrue(app.isAlive(), "the JVM lives on");
      assertTrue(input.sent() > 0);
    }
  }

  private static LagAgent agent(Path dir, String match) throws Exception {
    return LagAgent.start(
        dir,
        TestBed.bootstrapServers(),
        "target: {attach: {match: "
            + StreamsAgent.quoted(match)
            + "}, timeout: 800ms}\ncommit-interval: 1s\n");
  }

  private static double reported(CollectorRuns.Run run, String group) {
    return run.value("kshealth_lag_reported_partitions", Map.of("group", group)).orElse(0.0);
  }

  /** The groups a run has lag series of: what the collector reports now. */
  private static Set<String> groups(CollectorRuns.Run run) {
    return run.series().stream()
        .filter(s -> s.name().equals("kshealth_lag_reported_partitions"))
        .map(s -> s.labels().get("group"))
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
