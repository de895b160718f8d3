package io.kshealth.collectors.lag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.api.Labels;
import java.time.Duration;
import java.util.OptionalDouble;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionLagTest {

  private static final StatusRules RULES = new StatusRules(Duration.ofSeconds(60), 5);
  private static final long NOW = 1_700_000_000_000L;

  private static PartitionLag observe(PartitionOffsets offsets, Head head) {
    return PartitionLag.observe(
        offsets,
        head,
        NOW,
        Consumption.PROCESSING,
        new PartitionTrack(
            PartitionLabels.of(Labels.of("group", "app"), new TopicPartition("events", 0))),
        RULES);
  }

  @Test
  void timeLagIsTheAgeOfTheRecordAtTheCommittedOffset() {
    PartitionLag p =
        observe(new PartitionOffsets(40, 52, -1), new Head(Head.Kind.RECORD, NOW - 7_250));
    assertEquals(12, p.lag());
    assertEquals(OptionalDouble.of(7.25), p.seconds());
    assertFalse(p.estimated());
  }

  @Test
  void aGapOfTransactionMarkersOnlyIsNoLag() {
    PartitionLag p = observe(new PartitionOffsets(41, 42, -1), Head.MARKERS);
    assertEquals(0, p.lag());
    assertEquals(OptionalDouble.of(0), p.seconds());
    assertEquals(LagStatus.OK, p.status());
  }

  @Test
  void aRecordDeletedByRetentionGivesAnEstimateFromTheOldestLeft() {
    PartitionLag p =
        observe(new PartitionOffsets(10, 900, -1), new Head(Head.Kind.DELETED, NOW - 3_600_000));
    assertTrue(p.estimated());
    assertEquals(OptionalDouble.of(3600), p.seconds());
  }

  @Test
  void anUnreadRecordLeavesTheTimeLagUnknownButNotWhenCaughtUp() {
    assertEquals(
        OptionalDouble.empty(), observe(new PartitionOffsets(1, 5, -1), Head.NOT_READ).seconds());
    assertEquals(
        OptionalDouble.of(0), observe(new PartitionOffsets(5, 5, -1), Head.NOT_READ).seconds());
  }

  @Test
  void aGroupThatNeverCommittedCountsFromTheLogStart() {
    PartitionOffsets never = new PartitionOffsets(-1, 120, 20);
    assertEquals(20, never.position());
    assertEquals(100, never.lag());
    assertEquals(0, new PartitionOffsets(-1, 0, -1).lag());
  }

  @Test
  void aTimestampInTheFutureIsNoNegativeLag() {
    PartitionLag p =
        observe(new PartitionOffsets(1, 2, -1), new Head(Head.Kind.RECORD, NOW + 5_000));
    assertEquals(OptionalDouble.of(0), p.seconds());
  }
}
