package io.kshealth.collectors.process;

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

class ProcessCollectorFactoryTest {

  private static final Path FIXTURES = Path.of("src/test/resources/ProcessCollectorFactoryTest");
  private final ConfigLoader loader =
      new ConfigLoader(
          CollectorFactories.of(new ProcessCollectorFactory()), Map.<String, String>of()::get);

  @Test
  void readsPidSelfAndMatch() throws ConfigException {
    AgentConfig c = loader.load(FIXTURES.resolve("valid.yaml"));
    assertEquals(
        List.of(
            "the agent's own process",
            "process whose command line matches 'java .*StreamsApp'",
            "pid 1"),
        c.collectors().stream().map(cc -> cc.settings().toString()).toList());
  }

  @Test
  void reportsEveryMistake() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> loader.load(FIXTURES.resolve("mistakes.yaml")));
    String file = FIXTURES.resolve("mistakes.yaml").toString();
    assertEquals(
        List.of(
            file
                + ":4:10: collectors.by-bad-pid.pid: invalid value 'abc': expected 'self' or a process id",
            file + ":8:12: collectors.both.match: give either 'pid' or 'match', not both",
            file
                + ":11:12: collectors.bad-regex.match: invalid value 'Streams(App': not a regular"
                + " expression: Unclosed group"),
        e.errors().stream().map(ConfigError::format).toList());
  }
}
