package io.kshealth.demo.broker;

import java.util.Locale;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The official {@code apache/kafka} image through Testcontainers, for machines with a Docker engine
 * ({@code -Dkshealth.broker=testcontainers}). Not exercised where the suite usually runs (no Docker
 * engine there), so it stays this small. A container gets a new mapped port when it restarts, so
 * broker faults need the embedded broker.
 */
final class ContainerKafka implements KafkaBroker {

  static final String IMAGE = "apache/kafka:4.3.1";

  private final KafkaContainer container;

  private ContainerKafka(KafkaContainer container) {
    this.container = container;
  }

  static ContainerKafka launch() {
    KafkaContainer container = new KafkaContainer(IMAGE);
    SETTINGS.forEach(
        (key, value) ->
            container.withEnv("KAFKA_" + key.toUpperCase(Locale.ROOT).replace('.', '_'), value));
    container.start();
    return new ContainerKafka(container);
  }

  @Override
  public String bootstrapServers() {
    return container.getBootstrapServers();
  }

  @Override
  public void stop() {
    throw restartUnsupported();
  }

  @Override
  public void start() {
    throw restartUnsupported();
  }

  private static UnsupportedOperationException restartUnsupported() {
    return new UnsupportedOperationException(
        "broker restart keeps its port only on the embedded broker (-Dkshealth.broker=embedded)");
  }

  @Override
  public String describe() {
    return "container " + IMAGE + " at " + bootstrapServers();
  }

  @Override
  public void close() {
    container.close();
  }
}
