package io.kshealth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.demo.driver.Clients;
import io.kshealth.it.testbed.GroupOffsets;
import io.kshealth.it.testbed.TestBed;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offsets that need care, each made by hand on a one-partition topic with a group that has no
 * members: a gap holding only transaction markers and aborted records (lag 0, not the offsets in
 * between), and a committed offset below the log start (a labelled estimate).
 */
class LagOffsetsIT {

  private static final int RECORDS = 10;
  private static final long SPACING_MILLIS = 10_000;

  @Test
  void aGapOfOnlyTransactionMarkersAndAbortedRecordsIsNoLag(@TempDir Path dir) throws Exception {
    String topic = newTopic("markers");
    String group = topic + "-group";
    TopicPartition tp = new TopicPartition(topic, 0);
    try (Admin admin = TestBed.admin()) {
      try (KafkaProducer<String, String> producer =
          Clients.transactionalProducer(TestBed.bootstrapServers(), topic + "-writer")) {
        producer.initTransactions();
        producer.beginTransaction(); // data at 0 and 1, its commit marker at 2
        producer.send(new ProducerRecord<>(topic, 0, "k", "a"));
        producer.send(new ProducerRecord<>(topic, 0, "k", "b"));
        producer.commitTransaction();
        producer.beginTransaction(); // aborted data at 3 and 4, the abort marker at 5
        producer.send(new ProducerRecord<>(topic, 0, "k", "c"));
        producer.send(new ProducerRecord<>(topic, 0, "k", "d"));
        producer.flush();
        producer.abortTransaction();
      }
      // As an app that committed the position of the commit marker.
      admin.alterConsumerGroupOffsets(group, Map.of(tp, new OffsetAndMetadata(2))).all().get();
      assertEquals(4, GroupOffsets.read(admin, group, topic, 1).totalLag(), "end - committed");

      try (LagAgent agent =
          LagAgent.start(
              dir, TestBed.bootstrapServers(), "group: " + group + "\ncommit-interval: 1s\n")) {
        Map<String, String> partition = LagAgent.partition(group, topic, 0);
        CollectorRuns.Run run =
            agent.runs.until(
                r -> r.value("kshealth_lag_records", partition).isPresent(), LagAgent.TIMEOUT);
        assertEquals(0, run.get("kshealth_lag_records", partition));
        assertEquals(
            0, run.get("kshealth_lag_seconds", LagAgent.with(partition, "source", "record")));
        assertEquals("OK", LagAgent.status(run, group), "no lag, though no member");

        // A real record after the gap: the lag counts offsets again, its time from that record.
        long written = System.currentTimeMillis() - 30_000;
        try (KafkaProducer<String, String> producer =
            Clients.stringProducer(TestBed.bootstrapServers())) {
          producer.send(new ProducerRecord<>(topic, 0, written, "k", "e")).get();
        }
        CollectorRuns.Run after =
            agent.runs.until(
                r -> r.value("kshealth_lag_records", partition).orElse(0.0) > 0, LagAgent.TIMEOUT);
        assertEquals(5, after.get("kshealth_lag_records", partition));
        assertEquals(
            (after.startedMillis() - written) / 1000.0,
            after.get("kshealth_lag_seconds", LagAgent.with(partition, "source", "record")),
            1.0);
        assertEquals("STOP", LagAgent.status(after, group), "lag, and no member");
      }
    }
  }

  @Test
  void aDeletedRecordGivesALabelledLowerBoundAndEachOffsetIsReadOnce(@TempDir Path dir)
      throws Exception {
    String topic = newTopic("retention");
    String group = topic + "-group";
    TopicPartition tp = new TopicPartition(topic, 0);
    // Records 0..9, 10 s apart, the newest written 10 s ago.
    long first = System.currentTimeMillis() - RECORDS * SPACING_MILLIS;
    try (Admin admin = TestBed.admin();
        KafkaProducer<String, String> producer =
            Clients.stringProducer(TestBed.bootstrapServers())) {
      for (int i = 0; i < RECORDS; i++) {
        producer.send(new ProducerRecord<>(topic, 0, timestamp(first, i), "k", "v" + i)).get();
      }
      admin.alterConsumerGroupOffsets(group, Map.of(tp, new OffsetAndMetadata(2))).all().get();
      admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(5))).all().get();

      try (LagAgent agent =
          LagAgent.start(
              dir, TestBed.bootstrapServers(), "group: " + group + "\ncommit-interval: 1s\n")) {
        CollectorRuns runs = agent.runs;
        Map<String, String> partition = LagAgent.partition(group, topic, 0);
        CollectorRuns.Run run =
            runs.until(
                r -> r.value("kshealth_lag_records", partition).isPresent(), LagAgent.TIMEOUT);
        assertEquals(RECORDS - 2, run.get("kshealth_lag_records", partition));
        // Record 2 is gone; the oldest left is record 5: its age, at the run's start, is the
        // estimate, and it is below the true age of record 2.
        double estimate =
            run.get("kshealth_lag_seconds", LagAgent.with(partition, "source", "estimate"));
        double expected = (run.startedMillis() - timestamp(first, 5)) / 1000.0;
        assertEquals(expected, estimate, 1.0, "the age of record 5");
        assertTrue(estimate < (run.startedMillis() - timestamp(first, 2)) / 1000.0);
        assertEquals(4, run.get("kshealth_lag_partition_status", partition), "STOP: no members");

        // The committed offset moves on to record 7, which exists: its own age, read once.
        admin.alterConsumerGroupOffsets(group, Map.of(tp, new OffsetAndMetadata(7))).all().get();
        CollectorRuns.Run moved =
            runs.until(
                r -> r.value("kshealth_lag_committed_offset", partition).orElse(0.0) == 7,
                LagAgent.TIMEOUT);
        assertEquals(
            (moved.startedMillis() - timestamp(first, 7)) / 1000.0,
            moved.get("kshealth_lag_seconds", LagAgent.with(partition, "source", "record")),
            1.0);
        double reads = moved.get("kshealth_lag_records_read_total", Map.of("group", group));
        List<CollectorRuns.Run> later = runs.next(3, LagAgent.TIMEOUT);
        for (CollectorRuns.Run r : later) {
          assertEquals(reads, r.get("kshealth_lag_records_read_total", Map.of("group", group)));
          assertEquals(3, r.get("kshealth_lag_records", partition));
        }
      }
    }
  }

  /**
   * A group larger than {@code max-partitions}: the first partitions by number are tracked and
   * reported, exactly, every run; the rest are counted, said in the status, and never read.
   */
  @Test
  void partitionsBeyondMaxPartitionsAreCountedNotTracked(@TempDir Path dir) throws Exception {
    String topic = newTopic("bounded", 6);
    String group = topic + "-group";
    try (Admin admin = TestBed.admin();
        KafkaProducer<String, String> producer =
            Clients.stringProducer(TestBed.bootstrapServers())) {
      Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
      for (int p = 0; p < 6; p++) {
        for (int i = 0; i < 3; i++) {
          producer.send(new ProducerRecord<>(topic, p, "k", "v" + i)).get();
        }
        committed.put(new TopicPartition(topic, p), new OffsetAndMetadata(1));
      }
      admin.alterConsumerGroupOffsets(group, committed).all().get();

      try (LagAgent agent =
          LagAgent.start(
              dir,
              TestBed.bootstrapServers(),
              "group: " + group + "\ncommit-interval: 1s\nmax-partitions: 4\n")) {
        Map<String, String> g = Map.of("group", group);
        CollectorRuns.Run run =
            agent.runs.until(
                r -> r.value("kshealth_lag_untracked_partitions", g).isPresent(), LagAgent.TIMEOUT);
        for (CollectorRuns.Run r : List.of(run, agent.runs.next(2, LagAgent.TIMEOUT).get(1))) {
          assertEquals(2, r.get("kshealth_lag_untracked_partitions", g));
          assertEquals(4, r.get("kshealth_lag_reported_partitions", g));
          assertEquals(
              Set.of(topic + "-0", topic + "-1", topic + "-2", topic + "-3"), LagAgent.reported(r));
          assertEquals(4 * 2, r.get("kshealth_lag_total_records", g), "the tracked ones only");
          // Only the tracked partitions' records are ever read.
          assertEquals(4, r.get("kshealth_lag_records_read_total", g));
        }
        assertTrue(
            agent.target().endsWith("4 partitions (2 more beyond max-partitions 4: not tracked)"),
            agent.target());
      }
    }
  }

  private static String newTopic(String name) throws Exception {
    return newTopic(name, 1);
  }

  private static String newTopic(String name, int partitions) throws Exception {
    String topic = "it-lag-" + name + "-" + ProcessHandle.current().pid();
    try (Admin admin = TestBed.admin()) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
      Clients.awaitLeaders(admin, List.of(topic));
    }
    return topic;
  }

  private static long timestamp(long first, int i) {
    return first + i * SPACING_MILLIS;
  }
}
