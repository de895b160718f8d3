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
            agent.runs.until(
                r -> r.value("kshealth_lag_records", p0).isPresent(), LagAgent.TIMEOUT);
        assertEquals(1, up.get("kshealth_lag_broker_up", labels));
        assertEquals(0, up.get("kshealth_lag_stale", labels));
        assertEquals(6, up.get("kshealth_lag_records", p0));

        broker.stop();
        CollectorRuns.Run down =
            agent.runs.until(
                r -> r.value("kshealth_lag_broker_up", labels).orElse(1.0) == 0, LagAgent.TIMEOUT);
        assertEquals(1, down.get("kshealth_lag_stale", labels));
        assertEquals(6, down.get("kshealth_lag_records", p0), "the last value, kept");
        String status = new String(agent.daemon.get("/api/v1/status").body());
        assertTrue(status.contains(bootstrap + ": down ("), status);

        broker.start();
        CollectorRuns.Run back =
            agent.runs.until(
                r -> r.value("kshealth_lag_broker_up", labels).orElse(0.0) == 1, LagAgent.TIMEOUT);
        assertEquals(0, back.get("kshealth_lag_stale", labels));
        assertEquals(6, back.get("kshealth_lag_records", p0));
        int downRuns = agent.runs.seen().indexOf(back) - agent.runs.seen().indexOf(down);
        System.out.println("lag broker: up again " + downRuns + " runs after the first down run");
      }
    }
  }
}
