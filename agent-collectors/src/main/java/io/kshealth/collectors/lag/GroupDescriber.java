package io.kshealth.collectors.lag;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.StreamsGroupDescription;
import org.apache.kafka.clients.admin.StreamsGroupMemberAssignment;
import org.apache.kafka.clients.admin.StreamsGroupMemberDescription;
import org.apache.kafka.clients.admin.StreamsGroupSubtopologyDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Describes the group under whichever protocol it uses. A {@code streams} group (KIP-1071) has its
 * own describe call, and the consumer-group one refuses it; a {@code classic} group is refused by
 * the streams call. The protocol that answered last is asked first, so a steady group costs one
 * request.
 */
final class GroupDescriber {

  private final Admin admin;
  private final long timeoutMillis;
  private boolean streamsFirst;

  GroupDescriber(Admin admin, long timeoutMillis) {
    this.admin = admin;
    this.timeoutMillis = timeoutMillis;
  }

  GroupView describe(String group)
      throws InterruptedException, ExecutionException, TimeoutException {
    GroupView first = streamsFirst ? streams(group) : classic(group);
    if (!first.protocol().equals("none")) {
      return first;
    }
    GroupView other = streamsFirst ? classic(group) : streams(group);
    if (!other.protocol().equals("none")) {
      streamsFirst = !streamsFirst;
    }
    return other;
  }

  private GroupView classic(String group)
      throws InterruptedException, ExecutionException, TimeoutException {
    Optional<ConsumerGroupDescription> found =
        described(admin.describeConsumerGroups(List.of(group)).describedGroups(), group);
    if (found.isEmpty() || dead(found.get().groupState(), found.get().members())) {
      return GroupView.absent();
    }
    ConsumerGroupDescription d = found.get();
    List<GroupView.Member> members = new ArrayList<>();
    for (MemberDescription m : d.members()) {
      members.add(
          new GroupView.Member(
              m.clientId(), m.host(), Set.copyOf(m.assignment().topicPartitions())));
    }
    return new GroupView("classic", d.groupState(), members);
  }

  private GroupView streams(String group)
      throws InterruptedException, ExecutionException, TimeoutException {
    Optional<StreamsGroupDescription> found =
        described(admin.describeStreamsGroups(List.of(group)).describedGroups(), group);
    if (found.isEmpty() || dead(found.get().groupState(), found.get().members())) {
      return GroupView.absent();
    }
    StreamsGroupDescription d = found.get();
    // A member's tasks name a sub-topology and partition numbers; the sub-topology's source
    // topics (its own and repartition topics) turn them into topic-partitions.
    Map<String, List<String>> topics = new HashMap<>();
    for (StreamsGroupSubtopologyDescription s : d.subtopologies()) {
      List<String> all = new ArrayList<>(s.sourceTopics());
      s.repartitionSourceTopics().keySet().stream().filter(t -> !all.contains(t)).forEach(all::add);
      topics.put(s.subtopologyId(), all);
    }
    List<GroupView.Member> members = new ArrayList<>();
    for (StreamsGroupMemberDescription m : d.members()) {
      members.add(
          new GroupView.Member(m.clientId(), m.clientHost(), active(m.assignment(), topics)));
    }
    return new GroupView("streams", d.groupState(), members);
  }

  private static Set<TopicPartition> active(
      StreamsGroupMemberAssignment assignment, Map<String, List<String>> topics) {
    Set<TopicPartition> partitions = new HashSet<>();
    for (StreamsGroupMemberAssignment.TaskIds task : assignment.activeTasks()) {
      for (String topic : topics.getOrDefault(task.subtopologyId(), List.of())) {
        for (int p : task.partitions()) {
          partitions.add(new TopicPartition(topic, p));
        }
      }
    }
    return Set.copyOf(partitions);
  }

  /**
   * The description; empty when the answer means "not a group of this protocol" or "no such group".
   * Anything about reaching the brokers, or being allowed to, is thrown on.
   */
  private <D> Optional<D> described(Map<String, KafkaFuture<D>> answers, String group)
      throws InterruptedException, ExecutionException, TimeoutException {
    KafkaFuture<D> answer = answers.get(group);
    if (answer == null) {
      // The Admin client answers for every group asked; without an answer, it has no such group.
      return Optional.empty();
    }
    try {
      return Optional.of(answer.get(timeoutMillis, TimeUnit.MILLISECONDS));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof GroupIdNotFoundException
          || (cause instanceof ApiException
              && !(cause instanceof RetriableException)
              && !(cause instanceof AuthorizationException)
              && !(cause instanceof AuthenticationException))) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** A group the coordinator no longer knows (or never did) describes as dead with no members. */
  private static boolean dead(GroupState state, Collection<?> members) {
    return state == GroupState.DEAD && members.isEmpty();
  }
}
