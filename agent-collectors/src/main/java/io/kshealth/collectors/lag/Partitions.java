package io.kshealth.collectors.lag;

import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/** Partitions in the order the agent reports them: by topic, then number. */
final class Partitions {

  static final Comparator<TopicPartition> ORDER =
      Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

  private Partitions() {}

  /** Partition 0 of the alphabetically first topic among {@code partitions}. */
  static Optional<TopicPartition> first(Set<TopicPartition> partitions) {
    return partitions.stream()
        .map(TopicPartition::topic)
        .min(Comparator.naturalOrder())
        .map(topic -> new TopicPartition(topic, 0));
  }
}
