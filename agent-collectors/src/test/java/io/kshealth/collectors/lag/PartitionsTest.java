package io.kshealth.collectors.lag;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SortedSet;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionsTest {

  @Test
  void aHugeGroupIsCutToTheSameFirstPartitionsWhateverOrderTheBrokersListThemIn() {
    // 100 topics of 2,000 partitions: 200,000, against the default bound of 2,200.
    List<TopicPartition> group = new ArrayList<>();
    for (int t = 0; t < 100; t++) {
      for (int p = 0; p < 2_000; p++) {
        group.add(new TopicPartition(String.format("topic-%03d", t), p));
      }
    }
    Collections.shuffle(group, new Random(1));

    SortedSet<TopicPartition> kept = Partitions.upTo(group, LagSettings.DEFAULT_MAX_PARTITIONS);

    assertEquals(LagSettings.DEFAULT_MAX_PARTITIONS, kept.size());
    assertEquals(new TopicPartition("topic-000", 0), kept.first());
    // Topic 0 whole, then topic 1 up to the bound.
    assertEquals(new TopicPartition("topic-001", 199), kept.last());
    Collections.shuffle(group, new Random(2));
    assertEquals(kept, Partitions.upTo(group, LagSettings.DEFAULT_MAX_PARTITIONS));
  }

  @Test
  void aGroupWithinTheBoundIsKeptWhole() {
    List<TopicPartition> group =
        List.of(new TopicPartition("b", 1), new TopicPartition("a", 2), new TopicPartition("a", 1));

    assertEquals(
        List.of(new TopicPartition("a", 1), new TopicPartition("a", 2), new TopicPartition("b", 1)),
        List.copyOf(Partitions.upTo(group, 3)));
  }
}
