package io.kshealth.demo.driver;

import static org.awaitility.Awaitility.await;

import io.kshealth.demo.app.SampleTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The Kafka clients the test bed's driver side uses, configured once. */
public final class Clients {

  private Clients() {}

  public static Admin admin(String bootstrapServers) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  public static KafkaProducer<String, String> stringProducer(String bootstrapServers) {
    return new KafkaProducer<>(
        producerConfig(bootstrapServers), new StringSerializer(), new StringSerializer());
  }

  /**
   * An upstream exactly-once writer: every transaction it commits or aborts leaves a marker in each
   * partition it wrote to.
   */
  public static KafkaProducer<String, String> transactionalProducer(
      String bootstrapServers, String transactionalId) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ProducerConfig.TRANSACTIONAL_ID_CONFIG,
            transactionalId),
        new StringSerializer(),
        new StringSerializer());
  }

  /** Keys as strings, values as raw bytes (a store's changelog). */
  public static KafkaProducer<String, byte[]> bytesProducer(String bootstrapServers) {
    return new KafkaProducer<>(
        producerConfig(bootstrapServers), new StringSerializer(), new ByteArraySerializer());
  }

  private static Map<String, Object> producerConfig(String bootstrapServers) {
    return Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrapServers,
        ProducerConfig.LINGER_MS_CONFIG,
        5,
        ProducerConfig.BATCH_SIZE_CONFIG,
        256 * 1024,
        ProducerConfig.ACKS_CONFIG,
        "all",
        // Idempotence buys the test bed nothing, and a broker that moments ago created a topic
        // can reject an idempotent retry as out of order, forever.
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
        false);
  }

  /** Creates the app's input and output topics ({@value SampleTopics#PARTITIONS} partitions). */
  public static void createTopics(Admin admin, SampleTopics topics)
      throws InterruptedException, ExecutionException {
    createTopics(admin, topics, SampleTopics.PARTITIONS);
  }

  /** Creates the app's topics with {@code partitions} each: as many tasks. */
  public static void createTopics(Admin admin, SampleTopics topics, int partitions)
      throws InterruptedException, ExecutionException {
    List<NewTopic> newTopics = new ArrayList<>();
    for (String topic : topics.all()) {
      newTopics.add(new NewTopic(topic, partitions, (short) 1));
    }
    admin.createTopics(newTopics).all().get();
    awaitLeaders(admin, topics.all());
  }

  /**
   * Waits until the broker leads every partition of {@code topics}: a topic is usable a moment
   * after CreateTopics returns, not at once.
   */
  public static void awaitLeaders(Admin admin, Collection<String> topics) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        // On a loaded machine the metadata may not know the new topic yet.
        .ignoreExceptionsMatching(e -> e.getCause() instanceof UnknownTopicOrPartitionException)
        .until(
            () ->
                admin.describeTopics(topics).allTopicNames().get().values().stream()
                    .flatMap(topic -> topic.partitions().stream())
                    .allMatch(partition -> partition.leader() != null));
  }

  /** Creates a store's changelog topic as Kafka Streams would: compacted, co-partitioned. */
  public static void createChangelog(Admin admin, String topic)
      throws InterruptedException, ExecutionException {
    NewTopic changelog =
        new NewTopic(topic, SampleTopics.PARTITIONS, (short) 1)
            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    admin.createTopics(List.of(changelog)).all().get();
    awaitLeaders(admin, List.of(topic));
  }
}
