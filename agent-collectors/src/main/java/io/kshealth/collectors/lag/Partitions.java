package io.kshealth.collectors.lag;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/** Partitions in the order the agent reports them: by topic, then number. */
final class Partitions {

  static final Comparator<TopicPartition> ORDER =
      Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

  private Partitions() {}

  /**
   * The first {@code max} of {@code partitions} in {@link #ORDER}: the same ones every run, however
   * the brokers list them, so a group larger than the bound keeps its tracked partitions' history.
   */
  static SortedSet<TopicPartition> upTo(Collection<TopicPartition> partitions, int max) {
    SortedSet<TopicPartition> kept = new TreeSet<>(ORDER);
    partitions.stream().sorted(ORDER).limit(max).forEach(kept::add);
    return kept;
  }

  /** Partition 0 of the alphabetically first topic among {@code partitions}. */
  static Optional<TopicPartition> first(Set<TopicPartition> partitions) {
    return partitions.stream()
        .map(TopicPartition::topic)
        .min(Comparator.naturalOrder())
        .map(topic -> new TopicPartition(topic, 0));
  }
}
