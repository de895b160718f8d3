package io.kshealth.collectors.statedir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kshealth.core.collect.CollectorFactories;
import io.kshealth.core.config.AgentConfig;
import io.kshealth.core.config.ConfigError;
import io.kshealth.core.config.ConfigException;
import io.kshealth.core.config.ConfigLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateDirCollectorFactoryTest {

  private static final Path FIXTURES = Path.of("src/test/resources/StateDirCollectorFactoryTest");
  private final ConfigLoader loader =
      new ConfigLoader(
          CollectorFactories.of(new StateDirCollectorFactory()), Map.<String, String>of()::get);

  @Test
  void readsPathApplicationAndGrowthWindow() throws ConfigException {
    AgentConfig c = loader.load(FIXTURES.resolve("valid.yaml"));
    assertEquals(
        List.of(
            "the application of service:jmx:rmi:///jndi/rmi://localhost:9999/jmxrmi under"
                + " /var/lib/kafka-streams, growth over 30m",
            "application orders-v2 under /var/lib/kafka-streams, growth over 2h",
            "applications billing, orders-v2 under /var/lib/kafka-streams, growth over 30m"),
        c.collectors().stream().map(cc -> cc.settings().toString()).toList());
  }

  @Test
  void reportsEveryMistake() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> loader.load(FIXTURES.resolve("mistakes.yaml")));
    String file = FIXTURES.resolve("mistakes.yaml").toString();
    assertEquals(
        List.of(
            file + ":3:5: collectors.no-path.path: missing 'path': the Kafka Streams state.dir",
            file
                + ":7:11: collectors.relative-path.path: invalid value 'state': must be an"
                + " absolute path",
            file
                + ":13:20: collectors.bad-window.growth-window: invalid value '30 minutes': not a"
                + " duration: use numbers with units d, h, m, s, ms, such as 30s, 5m or 1h30m",
            file + ":18:20: collectors.zero-window.growth-window: must be greater than zero",
            file
                + ":22:22: collectors.bad-application-id.application-ids: invalid value '../etc':"
                + " an application.id has only letters, digits, '.', '_' and '-'",
            file
                + ":27:5: collectors.typo.growth_window: unknown key 'growth_window'; did you mean"
                + " 'growth-window'?",
            file
                + ":32:13: collectors.both.target: give either 'application-ids' or 'target', not"
                + " both",
            file
                + ":34:5: collectors.whose.application-ids: say whose stores to read:"
                + " 'application-ids: [<application.id>]', or 'target:' (the Streams"
                + " application's JVM, as for the streams collector) to read its application.id",
            file
                + ":37:5: collectors.old-key.application-ids: say whose stores to read:"
                + " 'application-ids: [<application.id>]', or 'target:' (the Streams"
                + " application's JVM, as for the streams collector) to read its application.id",
            file
                + ":39:5: collectors.old-key.application-id: unknown key 'application-id'; did you"
                + " mean 'application-ids'?"),
        e.errors().stream().map(ConfigError::format).toList());
  }
}
