package io.kshealth.collectors.cgroup;

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

class ContainerCollectorFactoryTest {

  private static final Path FIXTURES = Path.of("src/test/resources/ContainerCollectorFactoryTest");
  private final ConfigLoader loader =
      new ConfigLoader(
          CollectorFactories.of(new ContainerCollectorFactory()), Map.<String, String>of()::get);

  @Test
  void readsPidSelfAndMatch() throws ConfigException {
    AgentConfig c = loader.load(FIXTURES.resolve("valid.yaml"));
    assertEquals(
        List.of(
            "cgroups of the agent's own process",
            "cgroups of process whose command line matches 'java .*StreamsApp'",
            "cgroups of pid 1"),
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
                + ":4:10: collectors.by-bad-pid.pid: invalid value '-3': expected 'self' or a process id",
            file + ":8:12: collectors.both.match: give either 'pid' or 'match', not both",
            file
                + ":11:12: collectors.bad-regex.match: invalid value 'Streams(App': not a regular"
                + " expression: Unclosed group",
            file + ":14:5: collectors.typo.mach: unknown key 'mach'; did you mean 'match'?"),
        e.errors().stream().map(ConfigError::format).toList());
  }
}
