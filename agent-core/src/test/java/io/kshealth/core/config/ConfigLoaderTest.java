package io.kshealth.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.core.collect.CollectorFactories;
import io.kshealth.core.testing.TestCollectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  private static final Path FIXTURES = Path.of("src/test/resources/ConfigLoaderTest");
  private static final Map<String, String> ENV = Map.of("KSH_LABEL", "hello");

  private final ConfigLoader loader =
      new ConfigLoader(CollectorFactories.of(new TestCollectors.Factory()), ENV::get);

  @Test
  void readsEveryField() throws ConfigException {
    AgentConfig c = loader.load(FIXTURES.resolve("valid.yaml"));

    assertEquals(new HttpConfig("127.0.0.1", 9999), c.http());
    assertEquals(
        new LoggingConfig(LoggingConfig.Level.DEBUG, LoggingConfig.Format.JSON), c.logging());
    assertEquals(Duration.ofMinutes(90), c.history().window());
    assertEquals(500, c.history().maxSeries());
    assertEquals(Duration.ofMinutes(2), c.history().staleAfter());
    assertEquals(Path.of("/tmp/ksh"), c.history().dataDir().orElseThrow());
    assertEquals(8L << 20, c.history().maxFileBytes());
    assertEquals(1, c.collectors().size(), "the disabled collector is left out");
    CollectorConfig one = c.collectors().get(0);
    assertEquals("one", one.name());
    assertEquals(Duration.ofSeconds(15), one.interval());
    assertEquals(Duration.ofSeconds(3), one.timeout());
    assertFalse(one.expose());
    assertTrue(
        one.settings().toString().contains("label=hello costs $5"), one.settings().toString());
  }

  @Test
  void defaultsWhenSectionsAreAbsent() throws ConfigException {
    AgentConfig c = loader.load(FIXTURES.resolve("empty-collectors.yaml"));

    assertEquals(HttpConfig.parse(HttpConfig.DEFAULT_LISTEN), c.http());
    assertEquals(LoggingConfig.DEFAULT, c.logging());
    assertEquals(HistoryConfig.DEFAULT_WINDOW, c.history().window());
    assertTrue(c.history().dataDir().isEmpty());
    assertTrue(c.collectors().isEmpty());
  }

  @Test
  void probesTakeTheirSettingsAndReportEveryBadOneWithItsPlace(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("kshealth.yaml");
    assertEquals(ProbeConfig.DEFAULTS, loader.load(FIXTURES.resolve("valid.yaml")).probes());
    Files.writeString(
        config,
        "probes:\n  ready:\n    max-time-lag: 5m\n  live:\n    not-running-for: 30s\n"
            + "    stall-commit-intervals: 6\n    restart-budget: 5\n");
    ProbeConfig probes = loader.load(config).probes();
    assertEquals(java.time.Duration.ofMinutes(5), probes.readyMaxTimeLag());
    assertEquals(java.time.Duration.ofSeconds(30), probes.notRunningFor());
    assertEquals(6, probes.stallCommitIntervals());
    assertEquals(5, probes.restartBudget());
    assertEquals(ProbeConfig.DEFAULTS.frozenFor(), probes.frozenFor());

    Files.writeString(
        config,
        "probes:\n  live:\n    not-running-for: soon\n    restart-budget: 0\n"
            + "    frozen-for: 0s\n  liveness: {}\n");
    ConfigException e = assertThrows(ConfigException.class, () -> loader.load(config));
    String message = e.getMessage();
    assertTrue(message.contains(config + ":3:22: probes.live.not-running-for:"), message);
    assertTrue(message.contains("'soon'"), message);
    assertTrue(message.contains(config + ":4:21: probes.live.restart-budget:"), message);
    assertTrue(message.contains(config + ":5:17: probes.live.frozen-for:"), message);
    assertTrue(message.contains("probes.liveness"), message);
  }

  @Test
  void webConfigFileIsRelativeToTheConfigAndProbesAreExemptByDefault(@TempDir Path dir)
      throws Exception {
    Path config = dir.resolve("kshealth.yaml");
    Files.writeString(config, "http:\n  web-config-file: tls/web.yml\n");
    HttpConfig http = loader.load(config).http();
    assertEquals(dir.resolve("tls/web.yml"), http.webConfigFile().orElseThrow());
    assertEquals(
        List.of("/healthz", "/readyz", "/probe/app/ready", "/probe/app/live"), http.authExempt());
    assertEquals(
        Optional.empty(), loader.load(FIXTURES.resolve("valid.yaml")).http().webConfigFile());

    Files.writeString(config, "http:\n  web-config-file: ${UNSET:-}\n  auth-exempt: []\n");
    assertEquals(List.of(), loader.load(config).http().authExempt());
    assertEquals(Optional.empty(), loader.load(config).http().webConfigFile(), "empty is none");
    Files.writeString(config, "http:\n  auth-exempt: [healthz]\n");
    ConfigException e = assertThrows(ConfigException.class, () -> loader.load(config));
    assertEquals(
        config + ":2:16: http.auth-exempt: 'healthz' is not a request path: it must start with /",
        e.getMessage());
  }

  @Test
  void unknownKeySuggestsTheKnownOne() {
    assertErrors(
        "unknown-key.yaml",
        "unknown-key.yaml:2:3: http.lsten: unknown key 'lsten'; did you mean 'listen'?");
  }

  @Test
  void wrongType() {
    assertErrors(
        "wrong-type.yaml",
        "wrong-type.yaml:2:15: history.max-series: expected a whole number, got a list");
  }

  @Test
  void badDuration() {
    assertErrors(
        "bad-duration.yaml",
        "bad-duration.yaml:4:15: collectors.agent.interval: invalid value '10 sec': not a duration:"
            + " use numbers with units d, h, m, s, ms, such as 30s, 5m or 1h30m");
  }

  @Test
  void readsTheHttpLimits() throws ConfigException {
    HttpConfig http = loader.load(FIXTURES.resolve("http-limits.yaml")).http();
    assertEquals(
        new HttpConfig(
            "127.0.0.1",
            9999,
            new HttpLimits(
                512,
                Duration.ofSeconds(2),
                Duration.ofMinutes(1),
                Duration.ofSeconds(20),
                16 * 1024,
                3,
                40),
            Optional.empty(),
            HttpConfig.DEFAULT_AUTH_EXEMPT),
        http);
    assertEquals(http, http.withListen("127.0.0.1:9999"), "--listen keeps the limits");
  }

  @Test
  void badHttpLimits() {
    assertErrors(
        "bad-http-limits.yaml",
        "bad-http-limits.yaml:2:12: http.backlog: must be between 1 and 65535, got 0",
        "bad-http-limits.yaml:3:17: http.read-timeout: must be greater than zero",
        "bad-http-limits.yaml:4:21: http.max-header-bytes: must be between 1KiB and 1MiB, got 100"
            + " bytes",
        "bad-http-limits.yaml:5:12: http.threads: invalid value 'many': expected a whole number");
  }

  @Test
  void badSize() {
    assertErrors(
        "bad-size.yaml",
        "bad-size.yaml:2:18: history.max-file-size: invalid value '64 megs': not a size: use a"
            + " number of bytes or a number with a unit (KiB, MiB, GiB, TiB, KB, MB, GB, TB), such"
            + " as 64MiB");
  }

  @Test
  void unsetVariable() {
    assertErrors(
        "unset-variable.yaml",
        "unset-variable.yaml:2:13: history.data-dir: environment variable KSH_UNSET_DIR is not set"
            + " (in '${KSH_UNSET_DIR}')");
  }

  @Test
  void missingFile() {
    assertErrors("no-such-file.yaml", "no-such-file.yaml: cannot read config file: no such file");
  }

  @Test
  void invalidYamlSaysWhere() {
    List<String> errors = errors("invalid-yaml.yaml");
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(
        errors.get(0).matches("invalid-yaml\\.yaml:\\d+:\\d+: not valid YAML: .+"), errors.get(0));
  }

  @Test
  void duplicateKey() {
    assertErrors("duplicate-key.yaml", "duplicate-key.yaml:3:1: http: duplicate key 'http'");
  }

  @Test
  void reportsEveryMistakeAtOnceInFileOrder() {
    assertErrors(
        "three-mistakes.yaml",
        "three-mistakes.yaml:2:11: http.listen: invalid value '127.0.0.1:70000': port must be a"
            + " number from 0 to 65535",
        "three-mistakes.yaml:4:3: history.windw: unknown key 'windw'; did you mean 'window'?",
        "three-mistakes.yaml:8:14: collectors.agent.timeout: invalid value '5 s': not a duration:"
            + " use numbers with units d, h, m, s, ms, such as 30s, 5m or 1h30m");
  }

  @Test
  void collectorMistakes() {
    assertErrors(
        "collector-mistakes.yaml",
        "collector-mistakes.yaml:2:3: collectors.Bad_Name: collector name 'Bad_Name' must be"
            + " lower-case letters, digits and dashes",
        "collector-mistakes.yaml:5:5: collectors.no-type.type: missing 'type'; known types: test",
        "collector-mistakes.yaml:7:11: collectors.unknown-type.type: unknown collector type"
            + " 'jmx-magic'; known types: test",
        "collector-mistakes.yaml:11:14: collectors.slow.timeout: timeout 10s is longer than the"
            + " interval 5s",
        "collector-mistakes.yaml:14:15: collectors.zero.interval: must be greater than zero",
        "collector-mistakes.yaml:17:16: collectors.wrong-choice.behaviour: invalid value"
            + " 'explode': expected one of count, throw");
  }

  private void assertErrors(String fixture, String... expected) {
    assertEquals(List.of(expected), errors(fixture));
  }

  private List<String> errors(String fixture) {
    ConfigException e =
        assertThrows(ConfigException.class, () -> loader.load(FIXTURES.resolve(fixture)));
    String prefix = FIXTURES + "/";
    return e.errors().stream().map(ConfigError::format).map(s -> s.replace(prefix, "")).toList();
  }
}
