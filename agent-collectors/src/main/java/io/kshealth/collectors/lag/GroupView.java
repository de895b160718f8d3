package io.kshealth.collectors.lag;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

/**
 * The group as one describe call showed it.
 *
 * @param protocol {@code classic} or {@code streams}; {@code none} when the group does not exist
 * @param members one per consumer (under {@code streams}, one per stream thread)
 */
record GroupView(String protocol, GroupState state, List<Member> members) {

  /**
   * One member and the input partitions it owns now.
   *
   * @param clientId the consumer's {@code client.id}, as its JMX names it too
   */
  record Member(String clientId, String host, Set<TopicPartition> partitions) {}

  static GroupView absent() {
    return new GroupView("none", GroupState.DEAD, List.of());
  }

  /**
   * Whether partitions are changing hands: one describe shows each partition with at most one
   * member, but two agents describing a moment apart may each see their instance own it.
   */
  boolean moving() {
    return state == GroupState.PREPARING_REBALANCE
        || state == GroupState.COMPLETING_REBALANCE
        || state == GroupState.ASSIGNING
        || state == GroupState.RECONCILING;
  }

  /** The partitions the given consumers own. */
  Set<TopicPartition> ownedBy(Collection<String> clientIds) {
    return members.stream()
        .filter(m -> clientIds.contains(m.clientId()))
        .flatMap(m -> m.partitions().stream())
        .collect(Collectors.toCollection(() -> new TreeSet<>(Partitions.ORDER)));
  }

  /** The members' client ids. */
  Set<String> clientIds() {
    return members.stream().map(Member::clientId).collect(Collectors.toSet());
  }

  /** Every partition some member owns. */
  Set<TopicPartition> assigned() {
    return members.stream()
        .flatMap(m -> m.partitions().stream())
        .collect(Collectors.toCollection(() -> new TreeSet<>(Partitions.ORDER)));
  }
}
