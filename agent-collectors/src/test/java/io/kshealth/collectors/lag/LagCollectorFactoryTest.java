package io.kshealth.collectors.lag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.api.Collector;
import io.kshealth.api.CollectorContext;
import io.kshealth.api.Evidence;
import io.kshealth.api.EvidenceRequest;
import io.kshealth.api.EvidenceSource;
import io.kshealth.core.collect.CollectorFactories;
import io.kshealth.core.config.AgentConfig;
import io.kshealth.core.config.ConfigError;
import io.kshealth.core.config.ConfigException;
import io.kshealth.core.config.ConfigLoader;
import io.kshealth.core.testing.TlsFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LagCollectorFactoryTest {

  private static final Path FIXTURES = Path.of("src/test/resources/LagCollectorFactoryTest");
  private final ConfigLoader loader =
      new ConfigLoader(
          CollectorFactories.of(new LagCollectorFactory()), Map.<String, String>of()::get);

  @Test
  void itsPartitionsAreABoundOnTheHeapWithTheirTrendPoints(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("bounded.yaml"),
            "collectors:\n"
                + "  lag:\n"
                + "    type: lag\n"
                + "    kafka: {bootstrap.servers: 'broker:9092'}\n"
                + "    group: orders-app\n"
                + "    window-polls: 8\n"
                + "    max-partitions: 100000\n");
    ConfigLoader underTheLaunchersHeap =
        new ConfigLoader(
            CollectorFactories.of(new LagCollectorFactory()),
            List.of(),
            Map.<String, String>of()::get,
            63L << 20);

    ConfigException e = assertThrows(ConfigException.class, () -> underTheLaunchersHeap.load(file));

    // 100,000 partitions of 3,900 bytes and 16 trend points of 48: 445.2 MiB, refused at its key.
    String error = e.errors().get(e.errors().size() - 1).format();
    assertTrue(
        error.startsWith(
            file
                + ":7:21: collectors.lag.max-partitions: 100000 partitions take up to 445.2 MiB"
                + " of heap (4668 bytes each)"),
        error);
    LagSettings defaults =
        (LagSettings) loader.load(FIXTURES.resolve("valid.yaml")).collectors().get(1).settings();
    assertEquals(LagSettings.DEFAULT_MAX_PARTITIONS, defaults.heapBounds().get(0).units());
  }

  @Test
  void readsTheClientSettingsFromTheFileAndTheMapAndMasksSecrets() throws ConfigException {
    AgentConfig c = loader.load(FIXTURES.resolve("valid.yaml"));
    LagSettings byGroup = (LagSettings) c.collectors().get(0).settings();
    assertEquals(Optional.of("orders-app"), byGroup.group());
    assertEquals(LagScope.GROUP, byGroup.scope());
    assertEquals(Duration.ofMillis(100), byGroup.commitInterval());
    assertEquals(new StatusRules(Duration.ofMillis(200), 8), byGroup.rules());
    Map<String, String> shown = byGroup.kafka().masked();
    assertEquals("broker-1:9093,broker-2:9093", shown.get("bootstrap.servers"));
    assertEquals("SASL_SSL", shown.get("security.protocol"));
    assertEquals("9000", shown.get("request.timeout.ms"));
    assertEquals("****", shown.get("sasl.jaas.config"));
    assertEquals("****", shown.get("ssl.truststore.password"));
    assertTrue(byGroup.kafka().properties().get("sasl.jaas.config").contains("s3cret"));
    assertFalse(byGroup.toString().contains("s3cret"));
    assertEquals(
        "lag of group orders-app (group scope) at broker-1:9093,broker-2:9093", byGroup.toString());

    LagSettings byTarget = (LagSettings) c.collectors().get(1).settings();
    assertEquals(Optional.empty(), byTarget.group());
    assertEquals(LagScope.LEADER, byTarget.scope());
    assertEquals(new StatusRules(Duration.ofSeconds(45), 5), byTarget.rules());
    assertEquals(Duration.ofSeconds(30), byTarget.commitInterval());
    assertTrue(byTarget.target().isPresent());
  }

  @Test
  void reportsEveryMistakeWithItsPlace() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> loader.load(FIXTURES.resolve("mistakes.yaml")));
    String file = FIXTURES.resolve("mistakes.yaml").toString();
    List<String> messages = e.errors().stream().map(ConfigError::format).toList();
    assertEquals(
        List.of(
            file
                + ":3:5: collectors.no-group.group: give the Streams application.id as 'group:',"
                + " or a 'target:' to read it from",
            file
                + ":5:12: collectors.no-group.scope: scope 'instance' needs the watched instance:"
                + " give 'target:' (as for the streams collector)",
            file
                + ":9:23: collectors.bad-client.kafka-properties: cannot read "
                + FIXTURES.resolve("missing.properties").toAbsolutePath()
                + ": no such file",
            file
                + ":11:7: collectors.bad-client.kafka.bootstrap.server: not a Kafka Admin or"
                + " consumer setting",
            file
                + ":11:7: collectors.bad-client.kafka: give the brokers: 'kafka:"
                + " {bootstrap.servers: host:9092}' (or in the file)",
            file
                + ":12:7: collectors.bad-client.kafka.request.timeout.ms: Invalid value soon for"
                + " configuration request.timeout.ms: Not a number of type INT"),
        messages);
  }

  /**
   * A PEM CA file and SASL credentials kept in a Kafka client properties file (as {@code
   * kafka-consumer-groups --command-config} takes): the Admin client gets them, nothing shown does.
   */
  @Test
  void theAdminClientTakesTlsAndSaslFromThePropertiesFile(@TempDir Path dir) throws Exception {
    TlsFixtures tls = TlsFixtures.copyTo(dir);
    Files.writeString(
        dir.resolve("client.properties"),
        "security.protocol=SASL_SSL\n"
            + "ssl.truststore.type=PEM\n"
            + "ssl.truststore.location="
            + tls.file("ca.pem")
            + "\nsasl.mechanism=SCRAM-SHA-512\n"
            + "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"kshealth\" password=\"hunter2\";\n");
    Path config =
        Files.writeString(
            dir.resolve("kshealth.yaml"),
            """
            collectors:
              lag:
                type: lag
                group: orders-app
                kafka-properties: client.properties
                kafka: {bootstrap.servers: "broker-1:9093", client.id: ops-lag}
            """);
    LagSettings lag = (LagSettings) loader.load(config).collectors().get(0).settings();

    Map<String, Object> admin =
        new KafkaClients(lag.kafka(), "lag", Duration.ofSeconds(5)).adminProperties();
    assertEquals("SASL_SSL", admin.get("security.protocol"));
    assertEquals("PEM", admin.get("ssl.truststore.type"));
    assertEquals(tls.file("ca.pem").toString(), admin.get("ssl.truststore.location"));
    assertEquals("SCRAM-SHA-512", admin.get("sasl.mechanism"));
    assertTrue(admin.get("sasl.jaas.config").toString().contains("hunter2"));
    assertEquals("ops-lag", admin.get("client.id"), "the user's setting over the default");
    assertEquals(5000, admin.get("request.timeout.ms"));

    Map<String, String> shown = lag.kafka().masked();
    assertEquals("****", shown.get("sasl.jaas.config"));
    assertEquals("PEM", shown.get("ssl.truststore.type"));
    assertFalse(shown.toString().contains("hunter2"), shown.toString());
    assertFalse(lag.toString().contains("hunter2"), lag.toString());
  }

  @Test
  void theEvidenceShowsNoKeyUnlessAskedToHashIt(@TempDir Path dir) throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("kshealth.yaml"),
            """
            collectors:
              plain:
                type: lag
                group: orders-app
                kafka: {bootstrap.servers: "broker-1:9093"}
              hashed:
                type: lag
                group: orders-app
                kafka: {bootstrap.servers: "broker-1:9093"}
                evidence: {key: hmac}
            """);
    List<LagSettings> lags =
        loader.load(config).collectors().stream().map(c -> (LagSettings) c.settings()).toList();
    assertEquals(KeyHash.Mode.NONE, lags.get(0).evidenceKey());
    assertEquals(KeyHash.Mode.HMAC, lags.get(1).evidenceKey());
    Path data = Files.createDirectories(dir.resolve("data"));
    try (Collector hashed =
        lags.get(1).create(new CollectorContext("hashed", Clock.systemUTC(), Optional.of(data)))) {
      assertTrue(Files.exists(data.resolve(KeyHash.FILE)), "the secret is made at start");
      EvidenceRequest request =
          new EvidenceRequest(
              "KafkaStreamsLagStalled",
              Map.of("group", "orders-app"),
              Set.of(Evidence.STOPPED_AT),
              Duration.ofSeconds(1));
      assertEquals(
          List.of(), ((EvidenceSource) hashed).capture(request), "nothing known before a run");
    }

    Path bad =
        Files.writeString(
            dir.resolve("bad.yaml"),
            """
            collectors:
              lag:
                type: lag
                group: orders-app
                kafka: {bootstrap.servers: "broker-1:9093"}
                evidence:
                  key: plain
                  keys: hmac
            """);
    ConfigException e = assertThrows(ConfigException.class, () -> loader.load(bad));
    List<String> messages = e.errors().stream().map(ConfigError::format).toList();
    assertEquals(2, messages.size(), messages.toString());
    assertTrue(
        messages.get(0).startsWith(bad + ":7:12: collectors.lag.evidence.key: "), messages.get(0));
    assertTrue(messages.get(0).contains("none, hmac"), messages.get(0));
    assertTrue(
        messages.get(1).startsWith(bad + ":8:7: collectors.lag.evidence.keys: unknown key"),
        messages.get(1));
  }

  @Test
  void aMissingOrBrokenStoreIsAConfigError(@TempDir Path dir) throws Exception {
    TlsFixtures tls = TlsFixtures.copyTo(dir);
    Files.writeString(
        dir.resolve("client.properties"),
        "ssl.truststore.type=PEM\nssl.truststore.location=" + tls.file("client-key.pem") + "\n");
    Path config =
        Files.writeString(
            dir.resolve("kshealth.yaml"),
            """
            collectors:
              lag:
                type: lag
                group: orders-app
                kafka-properties: client.properties
                kafka:
                  bootstrap.servers: "broker-1:9093"
                  ssl.keystore.location: /no/such/keystore.p12
            """);
    ConfigException e = assertThrows(ConfigException.class, () -> loader.load(config));
    assertEquals(
        List.of(
            config
                + ":5:23: collectors.lag.kafka-properties: "
                + dir.resolve("client.properties")
                + ": ssl.truststore.location: "
                + tls.file("client-key.pem")
                + ": no PEM certificate in it (-----BEGIN CERTIFICATE-----)",
            config
                + ":8:7: collectors.lag.kafka.ssl.keystore.location: cannot read"
                + " /no/such/keystore.p12: no such file"),
        e.errors().stream().map(ConfigError::format).toList());
  }
}
