package io.kshealth.collectors.lag;

import io.kshealth.api.ConfigSection;
import io.kshealth.core.tls.PemFiles;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SslConfigs;

/**
 * What the agent passes to its Kafka clients: a properties file (as the Kafka tools take with
 * {@code --command-config}) overlaid with the {@code kafka:} map, so SASL and TLS settings work as
 * they do for any Kafka client. Checked when the config is read against the Admin and consumer
 * configs' own definitions: an unknown key or a bad value is a config error, not a failure at the
 * first collection.
 *
 * @param properties everything given, the map's entries over the file's
 */
record KafkaClientConfig(Map<String, String> properties) {

  private static final String BOOTSTRAP = AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG;
  private static final String TRUSTSTORE = SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG;
  private static final String TRUSTSTORE_TYPE = SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG;
  private static final String KEYSTORE = SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG;

  /** Reads {@code kafka-properties:} and {@code kafka:}; reports what is wrong through the node. */
  static KafkaClientConfig parse(ConfigSection options) {
    Map<String, String> properties = new LinkedHashMap<>();
    Path path = options.file("kafka-properties");
    // Named only in errors about keys that came from the file.
    String file = path == null ? "" : path.toString();
    if (path != null) {
      try (Reader in = Files.newBufferedReader(path)) {
        Properties p = new Properties();
        p.load(in);
        p.stringPropertyNames().stream().sorted().forEach(k -> properties.put(k, p.getProperty(k)));
      } catch (NoSuchFileException e) {
        options.error("kafka-properties", "cannot read " + path + ": no such file");
      } catch (IOException | IllegalArgumentException e) {
        options.error("kafka-properties", "cannot read " + path + ": " + e.getMessage());
      }
    }
    Map<String, String> map = options.stringMap("kafka");
    properties.putAll(map);
    ConfigSection kafka = options.map("kafka");
    Set<String> known = new TreeSet<>(AdminClientConfig.configNames());
    known.addAll(ConsumerConfig.configNames());
    for (String key : properties.keySet()) {
      if (!known.contains(key)) {
        report(options, kafka, map, file, key, "not a Kafka Admin or consumer setting");
      } else {
        check(options, kafka, map, file, key, properties.get(key));
      }
    }
    for (String key : List.of(TRUSTSTORE, KEYSTORE)) {
      storeProblem(key, properties)
          .ifPresent(problem -> report(options, kafka, map, file, key, problem));
    }
    if (!properties.containsKey(BOOTSTRAP)) {
      options.error(
          "kafka", "give the brokers: 'kafka: {bootstrap.servers: host:9092}' (or in the file)");
    }
    return new KafkaClientConfig(Map.copyOf(properties));
  }

  /**
   * What is wrong with the trust or key store a setting names: a missing file is found now, not at
   * the first connection; a PEM trust store ({@code ssl.truststore.type=PEM}, a CA file) must hold
   * certificates. A relative path is the agent's working directory's, as for any Kafka client.
   */
  private static Optional<String> storeProblem(String key, Map<String, String> properties) {
    String value = properties.get(key);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    Path store = Path.of(value.strip());
    if (!Files.isReadable(store)) {
      return Optional.of(
          "cannot read "
              + store
              + (Files.exists(store) ? ": permission denied" : ": no such file"));
    }
    if (key.equals(TRUSTSTORE) && "PEM".equalsIgnoreCase(properties.get(TRUSTSTORE_TYPE))) {
      try {
        PemFiles.certificates(store);
      } catch (IOException e) {
        return Optional.of(Objects.requireNonNullElse(e.getMessage(), e.toString()));
      }
    }
    return Optional.empty();
  }

  /** Parses one value as both clients would, so a bad number or list is found now. */
  private static void check(
      ConfigSection options,
      ConfigSection kafka,
      Map<String, String> map,
      String file,
      String key,
      String value) {
    for (ConfigDef def :
        new ConfigDef[] {AdminClientConfig.configDef(), ConsumerConfig.configDef()}) {
      ConfigDef.ConfigKey k = def.configKeys().get(key);
      if (k == null) {
        continue;
      }
      try {
        Object parsed = ConfigDef.parseType(key, value, k.type);
        if (k.validator != null) {
          k.validator.ensureValid(key, parsed);
        }
      } catch (ConfigException e) {
        report(options, kafka, map, file, key, Objects.requireNonNullElse(e.getMessage(), key));
      }
      return;
    }
  }

  private static void report(
      ConfigSection options,
      ConfigSection kafka,
      Map<String, String> map,
      String file,
      String key,
      String message) {
    if (map.containsKey(key)) {
      kafka.errorAtKey(key, message);
    } else {
      options.error("kafka-properties", file + ": " + key + ": " + message);
    }
  }

  /** Whether Kafka treats the setting as a secret (a password, a JAAS config, a private key). */
  static boolean secret(String key) {
    for (ConfigDef def :
        new ConfigDef[] {AdminClientConfig.configDef(), ConsumerConfig.configDef()}) {
      ConfigDef.ConfigKey k = def.configKeys().get(key);
      if (k != null) {
        return k.type == ConfigDef.Type.PASSWORD;
      }
    }
    return true;
  }

  String bootstrapServers() {
    return properties.getOrDefault(BOOTSTRAP, "");
  }

  /** Every setting, secrets shown as {@code ****}: for the status page and the logs. */
  Map<String, String> masked() {
    Map<String, String> shown = new TreeMap<>();
    properties.forEach((k, v) -> shown.put(k, secret(k) ? "****" : v));
    return shown;
  }

  @Override
  public String toString() {
    return "Kafka at " + bootstrapServers();
  }
}
