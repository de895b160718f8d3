package io.kshealth.collectors.lag;

import io.kshealth.collectors.support.jmx.TargetState;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * Which partitions this agent reads and reports, by scope, and which of the instance's partitions
 * nobody consumes (docs/lag.md, "Scope" and "Members gone"). The watched instance owns what its
 * consumers own in the group's assignment now, and keeps what it owned before until another member
 * takes it: when its members leave the group (blocked threads put out by {@code
 * max.poll.interval.ms}, a client dead on a poison record, a JVM gone) nobody consumes those
 * partitions, and their lag is the instance's to report. Its consumers are every one its JVM has
 * shown (a dead client's are gone from JMX) and, after a restart, its earlier JVMs' that are still
 * members: they stay in the group until their session times out (Streams does not leave it on
 * close), and consume nothing.
 */
final class Ownership {

  /**
   * @param only the partitions to read; empty: the whole group
   * @param instance the watched instance's partitions (empty without a target)
   * @param idle those of the instance's partitions that nobody consumes, whatever members the group
   *     lists: all of them while its client consumes nothing, else those its earlier JVMs' members
   *     still hold
   * @param starting those of the instance's partitions that its members hold while its client
   *     rebalances or restores
   */
  record Decision(
      Optional<Set<TopicPartition>> only,
      Set<TopicPartition> instance,
      Set<TopicPartition> idle,
      Set<TopicPartition> starting) {

    boolean wholeGroup() {
      return only.isEmpty();
    }

    /**
     * @param members whether the group has members
     */
    Consumption consumption(TopicPartition tp, boolean members) {
      if (!members || idle.contains(tp)) {
        return Consumption.NONE;
      }
      return starting.contains(tp) ? Consumption.STARTING : Consumption.PROCESSING;
    }
  }

  private final LagScope scope;
  private Set<TopicPartition> lastOwned = Set.of();

  /** Every consumer client id its JVM has shown. */
  private final Set<String> consumers = new HashSet<>();

  /** The client ids of its earlier JVMs' consumers that are still members of the group. */
  private final Set<String> predecessors = new HashSet<>();

  private long jvmStartMillis = -1;

  /** Partition 0 of the group's first topic as last assigned: who leads while nobody is in it. */
  private Optional<TopicPartition> leaderPartition = Optional.empty();

  Ownership(LagScope scope) {
    this.scope = scope;
  }

  /**
   * @param instance the watched instance this run; null without a target
   */
  Decision decide(GroupView group, @Nullable InstanceView instance) {
    Set<TopicPartition> owned = instance == null ? Set.of() : owned(group, instance);
    Set<TopicPartition> idle =
        instance != null && instance.stopped() ? owned : group.ownedBy(predecessors);
    Set<TopicPartition> starting =
        instance != null && instance.consumption() == Consumption.STARTING ? owned : Set.of();
    return switch (scope) {
      case GROUP -> new Decision(Optional.empty(), owned, idle, starting);
      case INSTANCE -> new Decision(Optional.of(owned), owned, idle, starting);
      case LEADER -> {
        Optional<TopicPartition> first = Partitions.first(group.assigned());
        if (first.isPresent()) {
          leaderPartition = first;
        }
        boolean leader = leaderPartition.isPresent() && owned.contains(leaderPartition.get());
        yield new Decision(leader ? Optional.empty() : Optional.of(owned), owned, idle, starting);
      }
    };
  }

  /**
   * What its consumers and its earlier JVMs' own now, and what it owned before that no other member
   * owns now.
   */
  private Set<TopicPartition> owned(GroupView group, InstanceView instance) {
    if (instance.state() == TargetState.UP) {
      if (instance.jvmStartMillis() != jvmStartMillis) {
        predecessors.addAll(consumers);
        consumers.clear();
        jvmStartMillis = instance.jvmStartMillis();
      }
      // A dead client's consumers are gone from JMX while its members stay in the group until
      // their session times out: they are still this instance's, not another member.
      consumers.addAll(instance.consumers());
      // A restart may reuse the ids (Streams keeps its process id in the state dir): those are the
      // new JVM's, and whether they consume is its client's state.
      predecessors.removeAll(consumers);
    }
    predecessors.retainAll(group.clientIds());
    Set<TopicPartition> owned = new TreeSet<>(Partitions.ORDER);
    owned.addAll(group.ownedBy(consumers));
    owned.addAll(group.ownedBy(predecessors));
    Set<TopicPartition> others = group.assigned();
    others.removeAll(owned);
    lastOwned.stream().filter(tp -> !others.contains(tp)).forEach(owned::add);
    lastOwned = Set.copyOf(owned);
    return lastOwned;
  }
}
