package io.kshealth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;

/**
 * The agent's lag collector against the official {@code apache/kafka} image in a container, the
 * broker {@code -Dkshealth.broker=testcontainers} gives the whole suite. It needs a Docker engine;
 * without one it is skipped and says so, and the in-process broker carries the suite. (Not named
 * {@code Testcontainers...IT}: surefire takes every {@code Test*} class for a unit test.)
 */
class ContainerBrokerIT {

  /** Skips the calling test, saying why, unless Testcontainers finds a Docker engine. */
  private static void assumeADockerEngine() {
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      String reason =
          "no Docker engine reachable (Testcontainers looked at DOCKER_HOST, the Docker socket and"
              + " ~/.testcontainers.properties): the container broker is not tested here";
      System.out.println("ContainerBrokerIT skipped: " + reason);
      Assumptions.abort(reason);
    }
  }

  /**
   * A group that committed offset 4 of 10 on a one-partition topic: the agent reads a lag of 6
   * records from the container broker, as it does from the in-process one.
   */
  @Test
  void theLagCollectorReadsAGroupsLagFromTheContainerBroker(@TempDir Path dir) throws Exception {
    assumeADockerEngine();
    String topic = "tc-lag-" + ProcessHandle.current().pid();
    String group = topic + "-group";
    TopicPartition tp = new TopicPartition(topic, 0);
    try (KafkaBroker broker = KafkaBroker.container();
        Admin admin = Clients.admin(broker.bootstrapServers())) {
      System.out.println("ContainerBrokerIT: " + broker.describe());
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
      try (KafkaProducer<String, String> producer =
          Clients.stringProducer(broker.bootstrapServers())) {
        for (int i = 0; i < 10; i++) {
          producer.send(new ProducerRecord<>(topic, 0, "k", "v" + i)).get();
        }
      }
      admin.alterConsumerGroupOffsets(group, Map.of(tp, new OffsetAndMetadata(4))).all().get();

      try (LagAgent agent =
          LagAgent.start(
              dir, broker.bootstrapServers(), "group: " + group + "\ncommit-interval: 1s\n")) {
        Map<String, String> partition = LagAgent.partition(group, topic, 0);
        CollectorRuns.Run run =
            agent.runs.until(
                r -> r.value("kshealth_lag_records", partition).isPresent(), LagAgent.TIMEOUT);
        assertEquals(6, run.get("kshealth_lag_records", partition), "end 10 - committed 4");
      }
    }
  }
}
