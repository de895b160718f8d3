package io.kshealth.it.testbed;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Ground truth for lag from the Admin client: the group's committed offset and the partition's end
 * offset, for every partition of one topic. {@code listConsumerGroupOffsets} answers for groups of
 * both protocols.
 *
 * @param committed committed offset per partition (absent: nothing committed yet)
 * @param end end offset per partition
 */
public record GroupOffsets(Map<TopicPartition, Long> committed, Map<TopicPartition, Long> end) {

  public static GroupOffsets read(Admin admin, String group, String topic, int partitions)
      throws InterruptedException, ExecutionException {
    Map<TopicPartition, Long> committed = new HashMap<>();
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    offsets.forEach(
        (partition, offset) -> {
          if (offset != null && partition.topic().equals(topic)) {
            committed.put(partition, offset.offset());
          }
        });
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    Map<TopicPartition, Long> end = new HashMap<>();
    for (Map.Entry<TopicPartition, ListOffsetsResultInfo> e :
        admin.listOffsets(latest).all().get().entrySet()) {
      end.put(e.getKey(), e.getValue().offset());
    }
    return new GroupOffsets(Map.copyOf(committed), Map.copyOf(end));
  }

  /** Sum of committed offsets over the topic's partitions. */
  public long totalCommitted() {
    return committed.values().stream().mapToLong(Long::longValue).sum();
  }

  /** End offset minus committed offset, summed; an uncommitted partition counts from 0. */
  public long totalLag() {
    long lag = 0;
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      lag += e.getValue() - committed.getOrDefault(e.getKey(), 0L);
    }
    return lag;
  }
}
