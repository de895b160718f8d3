package io.kshealth.demo.broker;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * A real single-node KRaft Kafka cluster for the tests and the demo. {@link #stop()} and {@link
 * #start()} take the broker down and bring it back on the same port, for "broker down" scenarios.
 */
public interface KafkaBroker extends AutoCloseable {

  /**
   * System property that picks the implementation: {@code embedded} (default) or {@code
   * testcontainers}.
   */
  String IMPLEMENTATION_PROPERTY = "kshealth.broker";

  /**
   * Broker settings that make a single node work and make group changes fast enough for tests:
   * replication factor 1, no initial rebalance delay, and session timeouts down to a second under
   * both group protocols (the streams protocol takes them from the broker, not the client).
   */
  Map<String, String> SETTINGS =
      Map.ofEntries(
          Map.entry("offsets.topic.replication.factor", "1"),
          Map.entry("offsets.topic.num.partitions", "4"),
          Map.entry("transaction.state.log.replication.factor", "1"),
          Map.entry("transaction.state.log.min.isr", "1"),
          Map.entry("transaction.state.log.num.partitions", "4"),
          Map.entry("group.initial.rebalance.delay.ms", "0"),
          Map.entry("group.min.session.timeout.ms", "1000"),
          Map.entry("group.streams.initial.rebalance.delay.ms", "0"),
          Map.entry("group.streams.min.session.timeout.ms", "1000"),
          Map.entry("group.streams.session.timeout.ms", "6000"),
          Map.entry("group.streams.min.heartbeat.interval.ms", "500"),
          Map.entry("group.streams.heartbeat.interval.ms", "1000"));

  /**
   * Where clients connect: {@code host:port}, the same across {@link #stop()} and {@link #start()}.
   */
  String bootstrapServers();

  /** Takes the broker down; clients get connection refused until {@link #start()}. */
  void stop() throws Exception;

  /** Brings a stopped broker back on the same port with its data. */
  void start() throws Exception;

  /** Which broker this is, for logs and docs: "embedded KRaft 4.3.1" or the container image. */
  String describe();

  @Override
  void close() throws IOException;

  /** Starts an embedded broker whatever the system property says: the one that can restart. */
  static KafkaBroker embedded(Path dir) throws Exception {
    return EmbeddedKafka.launch(dir);
  }

  /**
   * Starts the official {@code apache/kafka} image through Testcontainers whatever the system
   * property says; needs a Docker engine (Testcontainers' {@code DockerClientFactory} tells).
   */
  static KafkaBroker container() {
    return ContainerKafka.launch();
  }

  /**
   * Starts the implementation {@value #IMPLEMENTATION_PROPERTY} selects, with data under {@code
   * dir}.
   */
  static KafkaBroker start(Path dir) throws Exception {
    String implementation =
        System.getProperty(IMPLEMENTATION_PROPERTY, "embedded").toLowerCase(Locale.ROOT);
    return switch (implementation) {
      case "embedded" -> EmbeddedKafka.launch(dir);
      case "testcontainers" -> container();
      default ->
          throw new IllegalArgumentException(
              "-D"
                  + IMPLEMENTATION_PROPERTY
                  + "="
                  + implementation
                  + ": expected embedded or testcontainers");
    };
  }
}
