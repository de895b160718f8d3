package io.kshealth.collectors.lag;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Reads a group's committed offsets and its partitions' end offsets: three requests per run
 * whatever the number of partitions (offset fetch, metadata, list offsets; a fourth for the log
 * start of partitions the group never committed), each answered by one broker or, for list offsets,
 * by each partition leader.
 */
final class OffsetReader {

  /**
   * What one run read. {@code leaderless} counts partitions without a leader per topic; {@code
   * untracked} the partitions beyond the bound, left unread.
   */
  record Offsets(
      Map<TopicPartition, PartitionOffsets> partitions,
      Map<String, Integer> leaderless,
      int untracked) {}

  private final Admin admin;
  private final long timeoutMillis;
  private final int maxPartitions;

  /**
   * @param maxPartitions the most partitions read, the first in {@link Partitions#ORDER} (the same
   *     ones every run): the collector's state grows with them ({@code max-partitions})
   */
  OffsetReader(Admin admin, long timeoutMillis, int maxPartitions) {
    this.admin = admin;
    this.timeoutMillis = timeoutMillis;
    this.maxPartitions = maxPartitions;
  }

  /**
   * @param only the partitions to read; empty: every partition the group has committed
   * @param known partitions to read even without a commit (assigned, or seen in earlier runs)
   */
  Offsets read(String group, Optional<Set<TopicPartition>> only, Set<TopicPartition> known)
      throws InterruptedException, ExecutionException, TimeoutException {
    ListConsumerGroupOffsetsSpec spec = new ListConsumerGroupOffsetsSpec();
    only.ifPresent(spec::topicPartitions);
    Map<TopicPartition, OffsetAndMetadata> committed =
        only.isPresent() && only.get().isEmpty()
            ? Map.of()
            : get(
                admin
                    .listConsumerGroupOffsets(Map.of(group, spec))
                    .partitionsToOffsetAndMetadata(group));
    Set<TopicPartition> partitions = new TreeSet<>(Partitions.ORDER);
    committed.forEach((tp, o) -> partitions.add(tp));
    partitions.addAll(only.isPresent() ? only.get() : known);
    if (partitions.isEmpty()) {
      return new Offsets(Map.of(), Map.of(), 0);
    }

    Map<String, Integer> leaderless = new TreeMap<>();
    Set<TopicPartition> led = led(partitions, leaderless);
    int untracked = Math.max(0, led.size() - maxPartitions);
    led = Partitions.upTo(led, maxPartitions);
    Map<TopicPartition, Long> ends = offsets(led, OffsetSpec.latest());
    Map<TopicPartition, OffsetSpec> neverCommitted = new HashMap<>();
    for (TopicPartition tp : led) {
      OffsetAndMetadata c = committed.get(tp);
      if (c == null && ends.getOrDefault(tp, 0L) > 0) {
        neverCommitted.put(tp, OffsetSpec.earliest());
      }
    }
    Map<TopicPartition, Long> starts = offsets(neverCommitted.keySet(), OffsetSpec.earliest());

    Map<TopicPartition, PartitionOffsets> result = new LinkedHashMap<>();
    for (TopicPartition tp : led) {
      Long end = ends.get(tp);
      if (end == null) {
        continue;
      }
      OffsetAndMetadata c = committed.get(tp);
      result.put(
          tp, new PartitionOffsets(c == null ? -1 : c.offset(), end, starts.getOrDefault(tp, -1L)));
    }
    return new Offsets(result, leaderless, untracked);
  }

  /**
   * The partitions that have a leader; the others are counted per topic and left out (asking a
   * partition without a leader for offsets waits for the whole timeout). A topic that no longer
   * exists is left out too.
   */
  private Set<TopicPartition> led(Set<TopicPartition> partitions, Map<String, Integer> leaderless)
      throws InterruptedException, ExecutionException, TimeoutException {
    Set<String> topics = new TreeSet<>();
    partitions.forEach(tp -> topics.add(tp.topic()));
    Map<String, KafkaFuture<TopicDescription>> described =
        admin.describeTopics(topics).topicNameValues();
    Set<TopicPartition> led = new TreeSet<>(Partitions.ORDER);
    for (String topic : topics) {
      TopicDescription d;
      try {
        d =
            get(
                Objects.requireNonNull(
                    described.get(topic), "the Admin client answers every topic"));
      } catch (ExecutionException e) {
        if (e.getCause() instanceof UnknownTopicOrPartitionException) {
          continue;
        }
        throw e;
      }
      int without = 0;
      for (TopicPartitionInfo p : d.partitions()) {
        TopicPartition tp = new TopicPartition(topic, p.partition());
        if (p.leader() == null || p.leader().isEmpty()) {
          without++;
        } else if (partitions.contains(tp)) {
          led.add(tp);
        }
      }
      leaderless.put(topic, without);
    }
    return led;
  }

  private Map<TopicPartition, Long> offsets(Set<TopicPartition> partitions, OffsetSpec spec)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (partitions.isEmpty()) {
      return Map.of();
    }
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(tp -> request.put(tp, spec));
    Map<TopicPartition, ListOffsetsResultInfo> answers =
        get(
            admin
                .listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all());
    Map<TopicPartition, Long> offsets = new HashMap<>();
    answers.forEach((tp, info) -> offsets.put(tp, info.offset()));
    return offsets;
  }

  private <T> T get(KafkaFuture<T> future)
      throws InterruptedException, ExecutionException, TimeoutException {
    return future.get(timeoutMillis, TimeUnit.MILLISECONDS);
  }
}
