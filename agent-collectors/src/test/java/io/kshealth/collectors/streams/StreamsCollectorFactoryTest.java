package io.kshealth.collectors.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kshealth.collectors.support.rocksdb.SharedBlockCache;
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
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class StreamsCollectorFactoryTest {

  private static final Path FIXTURES = Path.of("src/test/resources/StreamsCollectorFactoryTest");
  private final ConfigLoader loader =
      new ConfigLoader(
          CollectorFactories.of(new StreamsCollectorFactory()), Map.<String, String>of()::get);

  @Test
  void readsRemoteAndAttachedTargetsWithoutShowingThePassword() throws ConfigException {
    AgentConfig c = loader.load(FIXTURES.resolve("valid.yaml"));
    assertEquals(
        List.of(
            "Streams application at service:jmx:rmi:///jndi/rmi://app:9999/jmxrmi as monitor"
                + " (password ****)",
            "Streams application at service:jmx:rmi:///jndi/rmi://localhost:9010/jmxrmi over TLS",
            "Streams application at attach to process whose command line matches"
                + " 'com\\.example\\.OrdersApp'",
            "Streams application at attach to pid 4242",
            "Streams application at service:jmx:rmi:///jndi/rmi://app:9999/jmxrmi as monitor"
                + " (password from "
                + FIXTURES.toAbsolutePath().resolve("jmx-password")
                + ")"),
        c.collectors().stream().map(cc -> cc.settings().toString()).toList());
    StreamsSettings hostPort = (StreamsSettings) c.collectors().get(1).settings();
    assertEquals(Duration.ofSeconds(2), hostPort.target().timeout());
    assertEquals(Duration.ofSeconds(30), hostPort.target().gracePeriod());
    assertEquals(OptionalInt.of(2), hostPort.expectedClients());
    assertEquals(OptionalInt.of(4), hostPort.expectedThreads());
    assertEquals(Duration.ofMinutes(10), hostPort.maxPollInterval());
    assertEquals(Optional.of(Path.of("/var/lib/kafka-streams")), hostPort.stateDir());
    assertEquals(SharedBlockCache.YES, hostPort.sharedBlockCache());
    StreamsSettings attached = (StreamsSettings) c.collectors().get(2).settings();
    assertEquals(OptionalInt.empty(), attached.expectedClients());
    assertEquals(Duration.ofMinutes(5), attached.maxPollInterval());
    assertEquals(SharedBlockCache.AUTO, attached.sharedBlockCache());
  }

  @Test
  void reportsEveryMistake() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> loader.load(FIXTURES.resolve("mistakes.yaml")));
    String file = FIXTURES.resolve("mistakes.yaml").toString();
    assertEquals(
        List.of(
            file
                + ":3:5: collectors.no-target.target: give the Streams application's JVM:"
                + " 'target: {jmx: {url: ...}}' or 'target: {attach: {match: <regex on its"
                + " command line>}}'",
            file + ":6:78: collectors.both.target.attach: give either 'jmx' or 'attach', not both",
            file
                + ":9:37: collectors.half-credentials.target.jmx.port: must be between 1 and"
                + " 65535, got 70000",
            file
                + ":9:54: collectors.half-credentials.target.jmx.username: give both 'username'"
                + " and 'password' (or 'password-file'), or neither",
            file
                + ":12:25: collectors.bad-url.target.jmx.url: invalid JMX service URL"
                + " 'http://app:9999': Service URL must start with service:jmx:",
            file
                + ":15:28: collectors.self.target.attach.pid: the agent cannot watch itself as a"
                + " Streams application",
            file
                + ":18:36: collectors.typo.target.timout: unknown key 'timout'; did you mean"
                + " 'timeout'?",
            file + ":19:23: collectors.typo.expected-threads: must be between 1 and 10000, got 0",
            file
                + ":20:25: collectors.typo.shared-block-cache: invalid value 'maybe': expected"
                + " one of auto, yes, no",
            file
                + ":23:81: collectors.two-passwords.target.jmx.password-file: give either"
                + " 'password' or 'password-file', not both",
            file
                + ":26:68: collectors.no-password-file.target.jmx.password-file: cannot read"
                + " password-file "
                + FIXTURES.toAbsolutePath().resolve("missing-password")
                + ": no such file",
            file
                + ":30:16: collectors.relative-state-dir.state-dir: invalid value"
                + " 'kafka-streams': must be an absolute path",
            file
                + ":34:16: collectors.nul-in-state-dir.state-dir: invalid value"
                + " '/var/lib/kafka\0streams': Nul character not allowed"),
        e.errors().stream().map(ConfigError::format).toList());
  }
}
