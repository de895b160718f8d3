package io.kshealth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.demo.broker.KafkaBroker;
import io.kshealth.demo.driver.Clients;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The brokers go away and come back: the collector says so, keeps its last values marked stale, and
 * recovers by itself, the agent never restarted. Runs its own broker so the shared one stays up for
 * the other tests.
 */
class LagBrokerIT {

  @Test
  void aStoppedBrokerIsDownWithStaleValuesThenRecoveredWithoutARestart(@TempDir Path dir)
      throws Exception {
    String topic = "it-lag-broker";
    String group = topic + "-group";
    try (KafkaBroker broker = KafkaBroker.embedded(dir.resolve("broker"))) {
      String bootstrap = broker.bootstrapServers();
      try (Admin admin = Clients.admin(bootstrap);
          KafkaProducer<String, String> producer = Clients.stringProducer(bootstrap)) {
        admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        Clients.awaitLeaders(admin, List.of(topic));
        for (int i = 0; i < 30; i++) {
          producer.send(new ProducerRecord<>(topic, i % 3, "k", "v")).get();
        }
        admin
            .alterConsumerGroupOffsets(
                group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(4)))
            .all()
            .get();
      }
      Map<String, String> labels = Map.of("group", group);
      Map<String, String> p0 = LagAgent.partition(group, topic, 0);
      try (LagAgent agent =
          LagAgent.start(dir, bootstrap, "group: " + group + "\ncommit-interval: 1s\n")) {
        CollectorRuns.Run up =
            agent.until(
                "with the lag of " + p0,
                group,
                r -> r.value("kshealth_lag_records", p0).isPresent());
        assertEquals(1, up.get("kshealth_lag_broker_up", labels));
        assertEquals(0, up.get("kshealth_lag_stale", labels));
        assertEquals(6, up.get("kshealth_lag_records", p0));

        long stoppedAt = System.currentTimeMillis();
        broker.stop();
        CollectorRuns.Run down =
            agent.until(
                "with the brokers down",
                group,
                r -> r.value("kshealth_lag_broker_up", labels).orElse(1.0) == 0);
        assertEquals(1, down.get("kshealth_lag_stale", labels));
        assertEquals(6, down.get("kshealth_lag_records", p0), "the last value, kept");
        assertEquals(LagAgent.status(up, group), LagAgent.status(down, group), "status kept");
        String status = agent.target();
        assertTrue(status.startsWith("Kafka at " + bootstrap + ": down ("), status);

        long startedAt = System.currentTimeMillis();
        broker.start();
        long upAt = System.currentTimeMillis();
        CollectorRuns.Run back =
            agent.until(
                "with the brokers up again",
                group,
                r -> r.value("kshealth_lag_broker_up", labels).orElse(0.0) == 1);
        assertEquals(0, back.get("kshealth_lag_stale", labels));
        assertEquals(6, back.get("kshealth_lag_records", p0));
        System.out.println(
            "lag broker: down in run "
                + runsFrom(agent, stoppedAt, down)
                + " started after the stop; "
                + (upAt - stoppedAt) / 1000
                + " s later the broker was back (its start took "
                + (upAt - startedAt) / 1000
                + " s), up again in run "
                + runsFrom(agent, upAt, back)
                + " started after that; "
                + status);
      }
    }
  }

  /** Which run {@code run} is, counting from 1, of those started at or after {@code fromMillis}. */
  private static int runsFrom(LagAgent agent, long fromMillis, CollectorRuns.Run run) {
    return agent.runs.seen().stream()
            .filter(r -> r.startedMillis() >= fromMillis)
            .toList()
            .indexOf(run)
        + 1;
  }
}
