package io.kshealth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.demo.driver.Clients;
import io.kshealth.it.testbed.TestBed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 * Time lag when the record at the committed offset is gone: retention (here {@code deleteRecords})
 * moved the log start past the group's committed offset. The agent reports the age of the oldest
 * record left, labelled an estimate, and reads each offset's record only once.
 */
class LagRetentionIT {

  private static final int RECORDS = 10;
  private static final long SPACING_MILLIS = 10_000;

  @Test
  void aDeletedRecordGivesALabelledLowerBoundAndEachOffsetIsReadOnce(@TempDir Path dir)
      throws Exception {
    String topic = "it-lag-retention-" + ProcessHandle.current().pid();
    String group = topic + "-group";
    TopicPartition tp = new TopicPartition(topic, 0);
    // Records 0..9, 10 s apart, the newest written 10 s ago.
    long first = System.currentTimeMillis() - RECORDS * SPACING_MILLIS;
    try (Admin admin = TestBed.admin();
        KafkaProducer<String, String> producer =
            Clients.stringProducer(TestBed.bootstrapServers())) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
      Clients.awaitLeaders(admin, List.of(topic));
      for (int i = 0; i < RECORDS; i++) {
        producer.send(new ProducerRecord<>(topic, 0, timestamp(first, i), "k", "v" + i)).get();
      }
      admin.alterConsumerGroupOffsets(group, Map.of(tp, new OffsetAndMetadata(2))).all().get();
      admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(5))).all().get();

      try (Daemon agent = start(dir, group)) {
        CollectorRuns runs = new CollectorRuns(agent, "lag");
        Map<String, String> partition = Map.of("group", group, "topic", topic, "partition", "0");
        CollectorRuns.Run run =
            runs.until(
                r -> r.value("kshealth_lag_records", partition).isPresent(),
                StreamsAgent.RUNS_TIMEOUT);
        assertEquals(RECORDS - 2, run.get("kshealth_lag_records", partition));
        // Record 2 is gone; the oldest left is record 5: its age, at the run's start, is the
        // estimate, and it is below the true age of record 2.
        double estimate = run.get("kshealth_lag_seconds", with(partition, "source", "estimate"));
        double expected = (run.startedMillis() - timestamp(first, 5)) / 1000.0;
        assertEquals(expected, estimate, 1.0, "the age of record 5");
        assertTrue(estimate < (run.startedMillis() - timestamp(first, 2)) / 1000.0);
        assertEquals(4, run.get("kshealth_lag_partition_status", partition), "STOP: no members");

        // The committed offset moves on to record 7, which exists: its own age, read once.
        admin.alterConsumerGroupOffsets(group, Map.of(tp, new OffsetAndMetadata(7))).all().get();
        CollectorRuns.Run moved =
            runs.until(
                r -> r.value("kshealth_lag_committed_offset", partition).orElse(0.0) == 7,
                StreamsAgent.RUNS_TIMEOUT);
        assertEquals(
            (moved.startedMillis() - timestamp(first, 7)) / 1000.0,
            moved.get("kshealth_lag_seconds", with(partition, "source", "record")),
            1.0);
        double reads = moved.get("kshealth_lag_records_read_total", Map.of("group", group));
        List<CollectorRuns.Run> later = runs.next(3, StreamsAgent.RUNS_TIMEOUT);
        for (CollectorRuns.Run r : later) {
          assertEquals(reads, r.get("kshealth_lag_records_read_total", Map.of("group", group)));
          assertEquals(3, r.get("kshealth_lag_records", partition));
        }
      }
    }
  }

  private static long timestamp(long first, int i) {
    return first + i * SPACING_MILLIS;
  }

  private static Map<String, String> with(Map<String, String> labels, String name, String value) {
    Map<String, String> m = new java.util.HashMap<>(labels);
    m.put(name, value);
    return m;
  }

  private static Daemon start(Path dir, String group) throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("lag.yaml"),
            "collectors:\n"
                + "  lag:\n"
                + "    type: lag\n"
                + "    kafka: {bootstrap.servers: '"
                + TestBed.bootstrapServers()
                + "'}\n"
                + "    group: "
                + group
                + "\n"
                + "    commit-interval: 1s\n"
                + "    interval: 1s\n"
                + "    timeout: 1s\n"
                + "    request-timeout: "
                + Duration.ofMillis(900).toMillis()
                + "ms\n");
    Daemon daemon = Kshealth.distribution().start(dir, Map.of(), config);
    daemon.awaitReady();
    return daemon;
  }
}
