package io.kshealth.collectors.lag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.core.collect.CollectorFactories;
import io.kshealth.core.config.AgentConfig;
import io.kshealth.core.config.ConfigError;
import io.kshealth.core.config.ConfigException;
import io.kshealth.core.config.ConfigLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LagCollectorFactoryTest {

  private static final Path FIXTURES = Path.of("src/test/resources/LagCollectorFactoryTest");
  private final ConfigLoader loader =
      new ConfigLoader(
          CollectorFactories.of(new LagCollectorFactory()), Map.<String, String>of()::get);

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
}
