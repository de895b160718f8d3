package io.kshealth.collectors.lag;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Makes the collector's two Kafka clients from the user's settings. Defaults come first (the user
 * may change them); what the record reader needs to be correct comes last (it must not join a
 * group, commit, or skip to the end).
 */
final class KafkaClients {

  /**
   * Reads nothing of a record's value; its position, timestamp, key size and headers come anyway.
   */
  private static final Deserializer<Void> IGNORED = (topic, data) -> null;

  /** Keys are not kept unless they are hashed ({@code evidence.key: hmac}). */
  private static final Deserializer<byte[]> NO_KEY = (topic, data) -> null;

  private static final Deserializer<byte[]> KEY = (topic, data) -> data;

  private final KafkaClientConfig config;
  private final String name;
  private final Duration requestTimeout;

  KafkaClients(KafkaClientConfig config, String name, Duration requestTimeout) {
    this.config = config;
    this.name = name;
    this.requestTimeout = requestTimeout;
  }

  Admin admin() {
    return Admin.create(adminProperties());
  }

  /** The Admin client's settings: the user's over the agent's defaults. */
  Map<String, Object> adminProperties() {
    Map<String, Object> p = defaults("kshealth-lag-" + name);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) requestTimeout.toMillis());
    p.putAll(config.properties());
    return p;
  }

  /**
   * @param keys whether the records' keys are kept (to be hashed); else only their size is
   */
  Consumer<byte[], Void> consumer(boolean keys) {
    Map<String, Object> p = defaults("kshealth-lag-reader-" + name);
    // One small batch per partition is enough: only the first record's timestamp is used.
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 * 1024);
    p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 1024 * 1024);
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
    // All that one fetch brought in one poll: with the default 500, a poll would hand back the
    // whole batch of a few partitions, and a read of thousands of partitions would take hundreds
    // of polls, each walking every assigned partition.
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100_000);
    p.putAll(config.properties());
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return new KafkaConsumer<>(p, keys ? KEY : NO_KEY, IGNORED);
  }

  private Map<String, Object> defaults(String clientId) {
    Map<String, Object> p = new HashMap<>();
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) requestTimeout.toMillis());
    // No JMX registration of the clients' own metrics and no telemetry push: the agent reads the
    // request count from the clients directly.
    p.put(AdminClientConfig.METRIC_REPORTER_CLASSES_CONFIG, "");
    p.put(AdminClientConfig.ENABLE_METRICS_PUSH_CONFIG, false);
    return p;
  }
}
