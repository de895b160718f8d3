package io.kshealth.collectors.disk;

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

class DiskCollectorFactoryTest {

  private static final Path FIXTURES = Path.of("src/test/resources/DiskCollectorFactoryTest");
  private final ConfigLoader loader =
      new ConfigLoader(
          CollectorFactories.of(new DiskCollectorFactory()), Map.<String, String>of()::get);

  @Test
  void readsThePath() throws ConfigException {
    AgentConfig c = loader.load(FIXTURES.resolve("valid.yaml"));
    assertEquals(
        List.of("filesystem and disk under /var/lib/kafka-streams"),
        c.collectors().stream().map(cc -> cc.settings().toString()).toList());
  }

  @Test
  void reportsAMissingOrRelativePath() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> loader.load(FIXTURES.resolve("mistakes.yaml")));
    String file = FIXTURES.resolve("mistakes.yaml").toString();
    assertEquals(
        List.of(
            file
                + ":3:5: collectors.no-path.path: missing 'path': the directory to watch, such as"
                + " the app's state.dir",
            file
                + ":6:11: collectors.relative.path: invalid value 'state/app': must be an"
                + " absolute path"),
        e.errors().stream().map(ConfigError::format).toList());
  }
}
