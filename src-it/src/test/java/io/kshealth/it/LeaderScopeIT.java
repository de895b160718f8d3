package io.kshealth.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.demo.app.SampleStreamsApp.GroupProtocol;
import io.kshealth.demo.app.SampleTopics;
import io.kshealth.demo.broker.KafkaBroker;
import io.kshealth.demo.driver.InputGenerator;
import io.kshealth.demo.driver.SampleApp;
import io.kshealth.demo.driver.SampleAppOptions;
import io.kshealth.it.testbed.TestBed;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Three instances of one app, an agent beside each in {@code leader} scope: the agent whose
 * instance owns the first input partition reports the whole group, the others their own partitions.
 * The leader's app is killed (SIGKILL, no leaving the group): once the group coordinator expires
 * its members' session the partition moves, and the agent of its new owner takes the group view
 * over within {@link #TAKEOVER_RUNS} of its runs (docs/lag.md, "Scope"). Under both group
 * protocols, side by side: each mostly waits for a session timeout and runs.
 */
class LeaderScopeIT {

  /**
   * The agents' interval, 2 s; the agents start once the apps run. With agents at 1 s started
   * beside the apps, on two cores at a load average of 20, an agent's first runs (cold clients)
   * took 2–6 s, timed out, and the scheduler's backoff after each timeout kept it from reporting
   * for over a minute (docs/benchmarks.md, "Known risk").
   */
  static final Duration INTERVAL = Duration.ofSeconds(2);

  /**
   * How long the group coordinator waits for a killed member's heartbeat before it takes its
   * partitions away: the test broker's streams-group session timeout, and the sample app's classic
   * {@code session.timeout.ms} (its {@code --session-timeout-ms} default), both 6 s.
   */
  static final Duration SESSION_TIMEOUT =
      Duration.ofMillis(
          Long.parseLong(KafkaBroker.SETTINGS.get("group.streams.session.timeout.ms")));

  /**
   * The new leader's runs from the kill to its first whole-group report, that one included: the
   * runs during the session timeout, up to two for the rebalance that follows (a classic group's
   * took two at 2 s runs), one to see the group stable again, and two of margin for a loaded
   * machine (docs/lag.md, "Scope").
   */
  static final long TAKEOVER_RUNS = SESSION_TIMEOUT.dividedBy(INTERVAL) + 5;

  private static final int INSTANCES = 3;

  @ParameterizedTest
  @EnumSource(GroupProtocol.class)
  @Execution(ExecutionMode.CONCURRENT)
  void anotherAgentTakesOverTheGroupWhenTheLeadersAppIsKilled(
      GroupProtocol protocol, @TempDir Path dir) throws Exception {
    // One stream thread per instance: six tasks, two per instance, three members.
    SampleAppOptions options =
        TestBed.newApp("leader-scope", dir.resolve("0")).withGroupProtocol(protocol).withThreads(1);
    String group = options.applicationId();
    String first = options.topics().events() + "-0";
    Set<String> all = new TreeSet<>();
    for (String topic : new String[] {options.topics().events(), options.topics().profiles()}) {
      for (int p = 0; p < SampleTopics.PARTITIONS; p++) {
        all.add(topic + "-" + p);
      }
    }
    List<SampleApp> apps = new ArrayList<>();
    List<LagAgent> agents = new ArrayList<>();
    try (InputGenerator input =
        InputGenerator.start(TestBed.bootstrapServers(), options.topics(), 5)) {
      for (int i = 0; i < INSTANCES; i++) {
        apps.add(SampleApp.start(options.withWorkDir(dir.resolve(Integer.toString(i)))));
      }
      // The agents start once the apps run: their first runs, on cold clients, then do not compete
      // with three Streams apps starting up.
      apps.forEach(SampleApp::awaitRunning);
      for (int i = 0; i < INSTANCES; i++) {
        agents.add(agent(dir.resolve(Integer.toString(i)), apps.get(i)));
      }

      List<CollectorRuns.Run> before = steady(agents, group, INSTANCES, protocol);
      int leader = wholeGroupReporter(before, group, all, first, protocol + " before");

      SampleApp killed = apps.get(leader);
      long killedAt = System.currentTimeMillis();
      Signal.send("KILL", killed.pid());
      await().atMost(Duration.ofSeconds(10)).until(() -> !killed.isAlive());

      List<CollectorRuns.Run> after = steady(agents, group, INSTANCES - 1, protocol);
      int next = wholeGroupReporter(after, group, all, first, protocol + " after");
      assertNotEquals(leader, next, "the killed instance's agent no longer leads");
      assertEquals(
          Set.of(), LagAgent.reported(after.get(leader)), "the killed instance owns nothing");

      // While the group still lists the killed members, they own the first partition: the killed
      // instance's agent goes on reporting the whole group, its own partitions STOP.
      for (CollectorRuns.Run r : agents.get(leader).runs.seen()) {
        if (r.startedMillis() >= killedAt
            && r.get("kshealth_lag_group_members", Map.of("group", group)) == INSTANCES) {
          assertEquals(
              1,
              r.get("kshealth_lag_whole_group", Map.of("group", group)),
              "the killed instance's agent while its members linger");
        }
      }
      List<CollectorRuns.Run> sinceKill =
          agents.get(next).runs.seen().stream().filter(r -> r.startedMillis() >= killedAt).toList();
      int takeover =
          IntStream.range(0, sinceKill.size())
                  .filter(i -> reportsWholeGroup(sinceKill.get(i), group, all))
                  .findFirst()
                  .orElseThrow()
              + 1;
      System.out.printf(
          "leader scope %s: agent %d led, its app killed; agent %d took over at its run %d after"
              + " the kill%n  killed instance's agent:%n%s%n  new leader:%n%s%n",
          protocol,
          leader,
          next,
          takeover,
          timeline(agents.get(leader), killedAt, group),
          timeline(agents.get(next), killedAt, group));
      assertTrue(
          takeover <= TAKEOVER_RUNS,
          "took over at run " + takeover + " after the kill, more than " + TAKEOVER_RUNS);
      assertTrue(input.sent() > 0);
    } finally {
      for (LagAgent agent : agents) {
        agent.close();
      }
      apps.forEach(SampleApp::close);
    }
  }

  private static LagAgent agent(Path dir, SampleApp app) throws Exception {
    return LagAgent.start(
        dir,
        TestBed.bootstrapServers(),
        INTERVAL,
        "target: "
            + StreamsAgent.jmx(app.jmxUrl(), Duration.ofMillis(800))
            + "\nscope: leader\ncommit-interval: 1s\n");
  }

  /**
   * Every agent's latest run, once each agent's assignment has settled with the group at {@code
   * members} members; every run of every agent is seen on the way.
   */
  private static List<CollectorRuns.Run> steady(
      List<LagAgent> agents, String group, int members, GroupProtocol protocol) {
    try {
      await()
          .atMost(LagAgent.TIMEOUT)
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                for (LagAgent agent : agents) {
                  agent.runs.scrape();
                }
                return agents.stream()
                    .allMatch(a -> LagAgent.settled(a.runs.seen(), group, members));
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          protocol
              + ": the agents did not settle at "
              + members
              + " members within "
              + LagAgent.TIMEOUT
              + "; their last runs:\n"
              + agents.stream()
                  .map(a -> timeline(a, lastRuns(a, 15), group) + "\n  log tail:\n" + logTail(a))
                  .collect(Collectors.joining("\n--\n")),
          e);
    }
    return agents.stream().map(a -> a.runs.seen().get(a.runs.seen().size() - 1)).toList();
  }

  /**
   * Checks a steady state: exactly one agent reports the whole group, every partition once; the
   * others report their own partitions, apart from each other and without the first partition.
   * Returns the index of the one that reports the whole group.
   */
  private static int wholeGroupReporter(
      List<CollectorRuns.Run> runs, String group, Set<String> all, String first, String when) {
    List<Integer> whole =
        IntStream.range(0, runs.size())
            .filter(i -> runs.get(i).get("kshealth_lag_whole_group", Map.of("group", group)) == 1)
            .boxed()
            .toList();
    System.out.println(
        "leader scope "
            + when
            + ": "
            + IntStream.range(0, runs.size())
                .mapToObj(i -> i + " " + LagAgent.reported(runs.get(i)))
                .collect(Collectors.joining(", ")));
    assertEquals(1, whole.size(), when + ": agents reporting the whole group " + whole);
    int leader = whole.get(0);
    CollectorRuns.Run led = runs.get(leader);
    assertEquals(all, LagAgent.reported(led), when + ": the leader reports every partition");
    assertEquals(all.size(), partitionSeries(led).size(), when + ": each partition once");
    Set<String> others = new HashSet<>();
    for (int i = 0; i < runs.size(); i++) {
      if (i != leader) {
        Set<String> own = LagAgent.reported(runs.get(i));
        assertFalse(own.contains(first), when + ": agent " + i + " reports " + own);
        for (String partition : own) {
          assertTrue(others.add(partition), when + ": " + partition + " reported twice");
        }
      }
    }
    return leader;
  }

  /** The partition of each {@code kshealth_lag_records} series of a run, duplicates kept. */
  private static List<String> partitionSeries(CollectorRuns.Run run) {
    return run.series().stream()
        .filter(s -> s.name().equals("kshealth_lag_records"))
        .map(s -> s.labels().get("topic") + "-" + s.labels().get("partition"))
        .toList();
  }

  private static boolean reportsWholeGroup(CollectorRuns.Run run, String group, Set<String> all) {
    Map<String, String> g = Map.of("group", group);
    return run.value("kshealth_lag_whole_group", g).orElse(0.0) == 1
        && run.value("kshealth_lag_ownership_moving", g).orElse(1.0) == 0
        && LagAgent.reported(run).equals(all);
  }

  private static String logTail(LagAgent agent) {
    try {
      List<String> lines = agent.daemon.log().lines().toList();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "unreadable: " + e;
    }
  }

  /** When the agent's {@code n}-th last run seen started. */
  private static long lastRuns(LagAgent agent, int n) {
    List<CollectorRuns.Run> seen = agent.runs.seen();
    return seen.isEmpty() ? 0 : seen.get(Math.max(0, seen.size() - n)).startedMillis();
  }

  /** An agent's runs since {@code fromMillis}, one line each, with whether it led. */
  private static String timeline(LagAgent agent, long fromMillis, String group) {
    return agent.runs.seen().stream()
        .filter(r -> r.startedMillis() >= fromMillis)
        .map(
            r ->
                "    whole_group="
                    + r.value("kshealth_lag_whole_group", Map.of("group", group))
                        .map(String::valueOf)
                        .orElse("-")
                    + " "
                    + LagAgent.summary(r, group))
        .collect(Collectors.joining("\n"));
  }
}
