package io.kshealth.collectors.lag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.collectors.support.jmx.TargetState;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OwnershipTest {

  private static final TopicPartition A0 = new TopicPartition("a-events", 0);
  private static final TopicPartition A1 = new TopicPartition("a-events", 1);
  private static final TopicPartition B0 = new TopicPartition("b-profiles", 0);

  /** Two instances, one thread each: ours owns a-events-1 and b-profiles-0. */
  private static final GroupView GROUP =
      new GroupView(
          "streams",
          GroupState.STABLE,
          List.of(
              new GroupView.Member("other-StreamThread-1-consumer", "/10.0.0.2", Set.of(A0)),
              new GroupView.Member("ours-StreamThread-1-consumer", "/10.0.0.1", Set.of(A1, B0))));

  /** The group once every member has left it. */
  private static final GroupView EMPTY = new GroupView("streams", GroupState.EMPTY, List.of());

  /** Our instance's JVM, started at this time. */
  private static final long STARTED = 1_700_000_000_000L;

  private static InstanceView ours(TargetState state) {
    return ours(
        Consumption.PROCESSING, Set.of("ours-StreamThread-1-consumer", "ours-admin"), STARTED);
  }

  private static InstanceView ours(Consumption consumption, Set<String> consumers, long started) {
    return new InstanceView(TargetState.UP, Optional.of("app"), consumption, consumers, started);
  }

  private static InstanceView other() {
    return new InstanceView(
        TargetState.UP,
        Optional.of("app"),
        Consumption.PROCESSING,
        Set.of("other-StreamThread-1-consumer"),
        STARTED + 5);
  }

  @Test
  void instanceScopeReadsOnlyWhatTheInstanceOwns() {
    Ownership.Decision d = new Ownership(LagScope.INSTANCE).decide(GROUP, ours(TargetState.UP));
    assertEquals(Optional.of(Set.of(A1, B0)), d.only());
    assertEquals(Set.of(A1, B0), d.instance());
    assertEquals(Set.of(), d.idle(), "a running client consumes its partitions");
  }

  @Test
  void whileTheInstanceDoesNotAnswerItsLastPartitionsAreKept() {
    Ownership o = new Ownership(LagScope.INSTANCE);
    o.decide(GROUP, ours(TargetState.UP));
    GroupView afterLeaving =
        new GroupView("streams", GroupState.RECONCILING, List.of(GROUP.members().get(0)));
    assertEquals(
        Optional.of(Set.of(A1, B0)),
        o.decide(afterLeaving, InstanceView.unread(TargetState.DOWN, false)).only());
  }

  @Test
  void theLeaderReportsTheWholeGroupAndTheOthersTheirOwn() {
    // a-events is the first topic: its partition 0 belongs to the other instance.
    Ownership.Decision ours = new Ownership(LagScope.LEADER).decide(GROUP, ours(TargetState.UP));
    assertEquals(Optional.of(Set.of(A1, B0)), ours.only());
    Ownership.Decision leader = new Ownership(LagScope.LEADER).decide(GROUP, other());
    assertTrue(leader.wholeGroup());
  }

  /** Blocked threads put out of the group by max.poll.interval.ms: the JVM and client still up. */
  @Test
  void membersPutOutOfTheGroupKeepTheirPartitionsUntilAnotherMemberTakesThem() {
    Ownership o = new Ownership(LagScope.INSTANCE);
    o.decide(GROUP, ours(TargetState.UP));
    assertEquals(Optional.of(Set.of(A1, B0)), o.decide(EMPTY, ours(TargetState.UP)).only());
    assertEquals(Optional.of(Set.of(A1, B0)), o.decide(EMPTY, ours(TargetState.UP)).only());
    GroupView tookA1 =
        new GroupView(
            "streams",
            GroupState.STABLE,
            List.of(
                new GroupView.Member("other-StreamThread-1-consumer", "/10.0.0.2", Set.of(A1))));
    assertEquals(Optional.of(Set.of(B0)), o.decide(tookA1, ours(TargetState.UP)).only());
    // Taken is taken: a partition given back to nobody is not ours again.
    assertEquals(Optional.of(Set.of(B0)), o.decide(EMPTY, ours(TargetState.UP)).only());
  }

  /** A poison record: the client is dead, its consumers gone from JMX, the JVM lives on. */
  @Test
  void aDeadClientInALiveJvmKeepsItsPartitions() {
    Ownership o = new Ownership(LagScope.INSTANCE);
    o.decide(GROUP, ours(TargetState.UP));
    // Its members stay in the group until their session times out: still ours, not another's.
    Ownership.Decision dead = o.decide(GROUP, ours(Consumption.NONE, Set.of(), STARTED));
    assertEquals(Optional.of(Set.of(A1, B0)), dead.only());
    assertEquals(Set.of(A1, B0), dead.idle());
    assertEquals(
        Optional.of(Set.of(A1, B0)),
        o.decide(EMPTY, ours(Consumption.NONE, Set.of(), STARTED)).only());
  }

  /**
   * A restart: the old JVM's members stay in the group until their session times out (Streams does
   * not leave it on close), consuming nothing; their partitions are the instance's, idle, until
   * another member takes them.
   */
  @Test
  void anEarlierJvmsLingeringMembersAreTheInstancesAndConsumeNothing() {
    Ownership o = new Ownership(LagScope.INSTANCE);
    o.decide(GROUP, ours(TargetState.UP));
    InstanceView restarted =
        ours(Consumption.PROCESSING, Set.of("ours2-StreamThread-1-consumer"), STARTED + 1);
    Ownership.Decision lingering = o.decide(GROUP, restarted);
    assertEquals(Optional.of(Set.of(A1, B0)), lingering.only());
    assertEquals(Set.of(A1, B0), lingering.idle());
    GroupView rebalanced =
        new GroupView(
            "streams",
            GroupState.STABLE,
            List.of(
                new GroupView.Member("other-StreamThread-1-consumer", "/10.0.0.2", Set.of(A0, B0)),
                new GroupView.Member("ours2-StreamThread-1-consumer", "/10.0.0.1", Set.of(A1))));
    Ownership.Decision after = o.decide(rebalanced, restarted);
    assertEquals(Optional.of(Set.of(A1)), after.only());
    assertEquals(Set.of(), after.idle());
  }

  /**
   * A paused JVM may still process (a stall tells from its offsets); a new process that has not
   * answered yet (the first attach to a loaded JVM outlasting the timeout) has started nothing, and
   * the members under its predecessor's ids consume nothing. CI once read that as STALL.
   */
  @Test
  void aNewProcessThatDoesNotAnswerYetLeavesItsPartitionsIdleAndAPausedOneDoesNot() {
    Ownership o = new Ownership(LagScope.INSTANCE);
    o.decide(GROUP, ours(TargetState.UP));
    Ownership.Decision paused =
        o.decide(GROUP, InstanceView.unread(TargetState.UNRESPONSIVE, false));
    assertEquals(Set.of(), paused.idle());
    assertEquals(Consumption.PROCESSING, paused.consumption(A1, true));
    Ownership.Decision replaced =
        o.decide(GROUP, InstanceView.unread(TargetState.UNRESPONSIVE, true));
    assertEquals(Set.of(A1, B0), replaced.idle());
    assertEquals(Consumption.NONE, replaced.consumption(A1, true));
    assertEquals(Consumption.PROCESSING, replaced.consumption(A0, true), "the other instance's");
  }

  /**
   * Streams keeps its process id, and so its consumers' client ids, in the state dir: until the new
   * JVM starts its client, the members under those ids are its predecessor's.
   */
  @Test
  void aRestartedClientNotStartedYetLeavesItsPartitionsIdleUnderTheSameIds() {
    Ownership o = new Ownership(LagScope.INSTANCE);
    o.decide(GROUP, ours(TargetState.UP));
    Set<String> sameIds = Set.of("ours-StreamThread-1-consumer");
    Ownership.Decision heldBack = o.decide(GROUP, ours(Consumption.NONE, sameIds, STARTED + 1));
    assertEquals(Set.of(A1, B0), heldBack.instance());
    assertEquals(Set.of(A1, B0), heldBack.idle());
    Ownership.Decision joining = o.decide(GROUP, ours(Consumption.STARTING, sameIds, STARTED + 1));
    assertEquals(Set.of(), joining.idle());
    assertEquals(Consumption.STARTING, joining.consumption(A1, true));
    assertEquals(Consumption.PROCESSING, joining.consumption(A0, true), "the other instance's");
    Ownership.Decision started =
        o.decide(GROUP, ours(Consumption.PROCESSING, sameIds, STARTED + 1));
    assertEquals(Set.of(A1, B0), started.instance());
    assertEquals(Set.of(), started.idle());
    assertEquals(Consumption.PROCESSING, started.consumption(A1, true));
    assertEquals(Consumption.NONE, started.consumption(A1, false), "no members");
  }

  /** Every member put out: the leader's agent still reports the whole group, the others theirs. */
  @Test
  void theLeaderStaysTheLeaderOfAnEmptiedGroup() {
    Ownership leader = new Ownership(LagScope.LEADER);
    Ownership follower = new Ownership(LagScope.LEADER);
    leader.decide(GROUP, other());
    follower.decide(GROUP, ours(TargetState.UP));
    assertTrue(leader.decide(EMPTY, other()).wholeGroup());
    assertEquals(Optional.of(Set.of(A1, B0)), follower.decide(EMPTY, ours(TargetState.UP)).only());
  }

  @Test
  void groupScopeReadsEverythingAndStillKnowsTheInstancesPartitions() {
    Ownership.Decision d = new Ownership(LagScope.GROUP).decide(GROUP, ours(TargetState.UP));
    assertTrue(d.wholeGroup());
    assertEquals(Set.of(A1, B0), d.instance());
    assertEquals(Set.of(), new Ownership(LagScope.GROUP).decide(GROUP, null).instance());
  }
}
