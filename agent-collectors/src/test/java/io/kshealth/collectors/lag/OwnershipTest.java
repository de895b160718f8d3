package io.kshealth.collectors.lag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.collectors.jmx.TargetState;
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

  private static InstanceView ours(TargetState state) {
    return new InstanceView(
        state, Optional.of("app"), false, Set.of("ours-StreamThread-1-consumer", "ours-admin"));
  }

  @Test
  void instanceScopeReadsOnlyWhatTheInstanceOwns() {
    Ownership.Decision d = new Ownership(LagScope.INSTANCE).decide(GROUP, ours(TargetState.UP));
    assertEquals(Optional.of(Set.of(A1, B0)), d.only());
    assertEquals(Set.of(A1, B0), d.instance());
  }

  @Test
  void whileTheInstanceDoesNotAnswerItsLastPartitionsAreKept() {
    Ownership o = new Ownership(LagScope.INSTANCE);
    o.decide(GROUP, ours(TargetState.UP));
    GroupView afterLeaving =
        new GroupView("streams", GroupState.RECONCILING, List.of(GROUP.members().get(0)));
    assertEquals(
        Optional.of(Set.of(A1, B0)),
        o.decide(afterLeaving, InstanceView.unread(TargetState.DOWN)).only());
  }

  @Test
  void theLeaderReportsTheWholeGroupAndTheOthersTheirOwn() {
    // a-events is the first topic: its partition 0 belongs to the other instance.
    Ownership.Decision ours = new Ownership(LagScope.LEADER).decide(GROUP, ours(TargetState.UP));
    assertEquals(Optional.of(Set.of(A1, B0)), ours.only());
    InstanceView other =
        new InstanceView(
            TargetState.UP, Optional.of("app"), false, Set.of("other-StreamThread-1-consumer"));
    Ownership.Decision leader = new Ownership(LagScope.LEADER).decide(GROUP, other);
    assertTrue(leader.wholeGroup());
  }

  @Test
  void groupScopeReadsEverythingAndStillKnowsTheInstancesPartitions() {
    Ownership.Decision d = new Ownership(LagScope.GROUP).decide(GROUP, ours(TargetState.UP));
    assertTrue(d.wholeGroup());
    assertEquals(Set.of(A1, B0), d.instance());
    assertEquals(Set.of(), new Ownership(LagScope.GROUP).decide(GROUP, null).instance());
  }
}
