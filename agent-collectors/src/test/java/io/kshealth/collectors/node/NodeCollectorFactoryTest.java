package io.kshealth.collectors.node;

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

class NodeCollectorFactoryTest {

  private static final Path FIXTURES = Path.of("src/test/resources/NodeCollectorFactoryTest");
  private final ConfigLoader loader =
      new ConfigLoader(
          CollectorFactories.of(new NodeCollectorFactory()), Map.<String, String>of()::get);

  @Test
  void defaultsToTheRealProc() throws ConfigException {
    AgentConfig c = loader.load(FIXTURES.resolve("valid.yaml"));
    assertEquals(
        List.of("the host, from /proc"),
        c.collectors().stream().map(cc -> cc.settings().toString()).toList());
  }

  @Test
  void hasNoOptionsOfItsOwn() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> loader.load(FIXTURES.resolve("options.yaml")));
    String file = FIXTURES.resolve("options.yaml").toString();
    assertEquals(
        List.of(
            file + ":4:5: collectors.host.proc-root: unknown key 'proc-root'",
            file
                + ":5:5: collectors.host.intervall: unknown key 'intervall'; did you mean"
                + " 'interval'?"),
        e.errors().stream().map(ConfigError::format).toList());
  }
}
