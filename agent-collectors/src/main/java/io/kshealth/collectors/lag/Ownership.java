package io.kshealth.collectors.lag;

import io.kshealth.collectors.jmx.TargetState;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Which partitions this agent reads and reports, by scope. The watched instance's partitions are
 * those its consumers own in the group's assignment; while its JVM does not answer, the last ones
 * seen are kept.
 */
final class Ownership {

  /**
   * @param only the partitions to read; empty: the whole group
   * @param instance the watched instance's partitions (empty without a target)
   */
  record Decision(Optional<Set<TopicPartition>> only, Set<TopicPartition> instance) {

    boolean wholeGroup() {
      return only.isEmpty();
    }
  }

  private final LagScope scope;
  private Set<TopicPartition> lastOwned = Set.of();

  Ownership(LagScope scope) {
    this.scope = scope;
  }

  /**
   * @param instance the watched instance this run; null without a target
   */
  Decision decide(GroupView group, InstanceView instance) {
    if (instance != null && instance.state() == TargetState.UP) {
      lastOwned = Set.copyOf(group.ownedBy(instance.consumers()));
    }
    Set<TopicPartition> owned = instance == null ? Set.of() : lastOwned;
    return switch (scope) {
      case GROUP -> new Decision(Optional.empty(), owned);
      case INSTANCE -> new Decision(Optional.of(owned), owned);
      case LEADER -> {
        Optional<TopicPartition> first = Partitions.first(group.assigned());
        boolean leader = first.isPresent() && owned.contains(first.get());
        yield new Decision(leader ? Optional.empty() : Optional.of(owned), owned);
      }
    };
  }
}
