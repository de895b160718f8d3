package io.kshealth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.demo.app.SampleStreamsApp.GroupProtocol;
import io.kshealth.demo.app.SampleTopics;
import io.kshealth.demo.driver.InputGenerator;
import io.kshealth.demo.driver.SampleApp;
import io.kshealth.demo.driver.SampleAppOptions;
import io.kshealth.it.testbed.TestBed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two instances of one app, an agent beside each in {@code instance} scope: each reports the
 * partitions its instance owns, found by matching the group's members to the consumer client ids
 * its JMX shows; together they report the group once. Under both group protocols: a {@code streams}
 * group assigns tasks, which the agent turns into partitions.
 */
class LagScopeIT {

  @ParameterizedTest
  @EnumSource(GroupProtocol.class)
  void instanceScopesAreDisjointAndCoverTheGroup(GroupProtocol protocol, @TempDir Path dir)
      throws Exception {
    SampleAppOptions first =
        TestBed.newApp("lag-scope", dir.resolve("a")).withGroupProtocol(protocol);
    SampleAppOptions second = first.withWorkDir(dir.resolve("b"));
    String group = first.applicationId();
    Set<String> all = new TreeSet<>();
    for (String topic : new String[] {first.topics().events(), first.topics().profiles()}) {
      for (int p = 0; p < SampleTopics.PARTITIONS; p++) {
        all.add(topic + "-" + p);
      }
    }
    try (InputGenerator input =
            InputGenerator.start(TestBed.bootstrapServers(), first.topics(), 50);
        SampleApp a = SampleApp.start(first);
        SampleApp b = SampleApp.start(second);
        LagAgent agentA = agent(dir.resolve("a"), a);
        LagAgent agentB = agent(dir.resolve("b"), b)) {
      a.awaitRunning();
      b.awaitRunning();
      // Each agent's view once the group is stable with all four stream threads in it.
      CollectorRuns.Run runA = settled(agentA, group);
      CollectorRuns.Run runB = settled(agentB, group);
      Set<String> fromA = LagAgent.reported(runA);
      Set<String> fromB = LagAgent.reported(runB);
      System.out.println("lag scope " + protocol + ": A " + fromA + ", B " + fromB);
      assertTrue(!fromA.isEmpty() && !fromB.isEmpty(), "both instances own partitions");
      Set<String> both = new HashSet<>(fromA);
      both.retainAll(fromB);
      assertEquals(Set.of(), both, "no partition reported twice");
      Set<String> union = new TreeSet<>(fromA);
      union.addAll(fromB);
      assertEquals(all, union, "together, the whole group");
      assertEquals(0, runA.get("kshealth_lag_whole_group", Map.of("group", group)));
      // Six tasks over four stream threads: an instance gets two, three or four of them (four,
      // six or eight partitions), whichever its threads were given.
      for (Map.Entry<LagAgent, Integer> agent :
          Map.of(agentA, fromA.size(), agentB, fromB.size()).entrySet()) {
        agent
            .getKey()
            .awaitTarget(
                "group "
                    + group
                    + " ("
                    + protocol.name().toLowerCase(Locale.ROOT)
                    + ", stable, 4 members) at "
                    + TestBed.bootstrapServers()
                    + ", "
                    + agent.getValue()
                    + " partitions, instance up");
      }
      assertEquals(
          protocol == GroupProtocol.STREAMS ? "streams" : "classic",
          runA.series().stream()
              .filter(s -> s.name().equals("kshealth_lag_group_info"))
              .findFirst()
              .orElseThrow()
              .labels()
              .get("protocol"));
      assertTrue(input.sent() > 0);
    }
  }

  private static LagAgent agent(Path dir, SampleApp app) throws Exception {
    return LagAgent.start(
        dir,
        TestBed.bootstrapServers(),
        "target: "
            + StreamsAgent.jmx(app.jmxUrl(), Duration.ofMillis(800))
            + "\ncommit-interval: 1s\n");
  }

  /** The first run after which the assignment has settled with all four stream threads. */
  private static CollectorRuns.Run settled(LagAgent agent, String group) throws Exception {
    return agent.until("settled", group, r -> LagAgent.settled(agent.runs.seen(), group, 4));
  }
}
