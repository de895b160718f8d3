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
            "every application under /var/lib/kafka-streams, growth over 30m",
            "application orders-v2 under /var/lib/kafka-streams, growth over 2h"),
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
                + ":6:11: collectors.relative-path.path: invalid value 'state': must be an"
                + " absolute path",
            file
                + ":10:20: collectors.bad-window.growth-window: invalid value '30 minutes': not a"
                + " duration: use numbers with units d, h, m, s, ms, such as 30s, 5m or 1h30m",
            file + ":14:20: collectors.zero-window.growth-window: must be greater than zero",
            file
                + ":18:21: collectors.bad-application-id.application-id: invalid value '../etc':"
                + " an application.id has only letters, digits, '.', '_' and '-'",
            file
                + ":22:5: collectors.typo.growth_window: unknown key 'growth_window'; did you mean"
                + " 'growth-window'?"),
        e.errors().stream().map(ConfigError::format).toList());
  }
}
