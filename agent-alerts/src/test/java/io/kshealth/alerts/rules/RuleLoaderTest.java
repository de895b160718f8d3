package io.kshealth.alerts.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.alerts.expr.RuleLanguage;
import io.kshealth.alerts.query.SeriesSelector;
import io.kshealth.api.Labels;
import io.kshealth.core.config.ConfigError;
import io.kshealth.core.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleLoaderTest {

  final RuleLoader loader = new RuleLoader(RuleLanguage.standard());

  @Test
  void aParameterTakesItsConfiguredValueElseItsDefault(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("p.yaml"),
            """
            groups:
            - name: g
              rules:
              - alert: High
                series: m
                expr: value > ${g_threshold:-0.5}
                for: ${g_for:-2m}
                labels: {severity: warning}
            """);
    RuleSet defaults = loader.load(List.of(file));
    assertEquals(Duration.ofMinutes(2), defaults.rules().get(0).forDuration());
    assertEquals("value > 0.5", defaults.rules().get(0).exprSource());
    assertEquals(
        new RuleSet.Parameter("0.5", "0.5", false), defaults.parameters().get("g_threshold"));

    RuleSet tuned =
        new RuleLoader(RuleLanguage.standard(), Map.of("g_for", "30s")).load(List.of(file));
    assertEquals(Duration.ofSeconds(30), tuned.rules().get(0).forDuration());
    assertEquals(new RuleSet.Parameter("30s", "2m", true), tuned.parameters().get("g_for"));
  }

  @Test
  void aParameterWithTwoDefaultsOrNoneIsAnError(@TempDir Path dir) throws Exception {
    String rule =
        """
        groups:
        - name: %s
          rules:
          - alert: High
            series: m
            expr: value > %s
            labels: {severity: warning}
        """;
    Files.writeString(dir.resolve("a.yaml"), rule.formatted("a", "${t:-0.5}"));
    Files.writeString(dir.resolve("b.yaml"), rule.formatted("b", "${t:-0.9}"));
    Files.writeString(dir.resolve("c.yaml"), rule.formatted("c", "${u}"));
    ConfigException e = assertThrows(ConfigException.class, () -> loader.load(List.of(dir)));
    String all = e.getMessage();
    assertTrue(all.contains("b.yaml: parameter t has the default '0.9' here but '0.5' in "), all);
    assertTrue(all.contains("c.yaml:6:11: groups[0].rules[0].expr: parameter u is not set"), all);
  }

  @Test
  void reportsEveryErrorOfEveryFileWithItsPositionAndRule(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("a.yaml"),
        """
        groups:
        - name: g
          rules:
          - alert: Bad
            series: m
            expr: value < 'x'
            labels: {severity: page}
          - alert: NoSeverity
            series: 'm{a=~"("}'
            expr: value > 1.0
            for: soon
        """);
    Files.writeString(
        dir.resolve("b.yml"),
        """
        groups:
        - name: h
          rules:
          - alert: Template
            series: m
            expr: value > 1.0
            labels: {severity: page}
            annotations: {summary: "{{ value + 'a' }}"}
            forr: 1m
        """);
    ConfigException e = assertThrows(ConfigException.class, () -> loader.load(List.of(dir)));
    List<String> lines = e.errors().stream().map(ConfigError::format).toList();
    String all = String.join("\n", lines);
    assertTrue(all.contains("a.yaml:6:11: groups[0].rules[0].expr: rule 'Bad': "), all);
    assertTrue(
        all.contains(
            "a.yaml:9:13: groups[0].rules[1].series: rule 'NoSeverity': at character 1: bad"),
        all);
    assertTrue(all.contains("a.yaml:11:10: groups[0].rules[1].for: invalid value 'soon'"), all);
    assertTrue(all.contains("rule 'NoSeverity': labels.severity is required"), all);
    assertTrue(all.contains("b.yml:8:28: groups[0].rules[0].annotations.summary: rule"), all);
    assertTrue(all.contains("b.yml:9:5: groups[0].rules[0].forr: unknown key 'forr'"), all);
    assertEquals(6, lines.size(), all);
  }

  @Test
  void aJoinsQueryIsCheckedAtLoadAndAMistakeNamesItsPlace(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("j.yaml"),
        """
        groups:
        - name: g
          rules:
          - alert: Restoring
            series: kshealth_lag_status
            expr: >-
              value == 1.0
                && join_or("sum by (application_id) (restore", {"application_id": "group"}, 0.0) == 0.0
            labels: {severity: page}
          - alert: Computed
            series: m
            expr: rate(history_on(labels.metric, ["a"]).last(duration("5m"))) > 0.0
            labels: {severity: page}
        """);
    ConfigException e = assertThrows(ConfigException.class, () -> loader.load(List.of(dir)));
    List<String> lines = e.errors().stream().map(ConfigError::format).toList();
    String all = String.join("\n", lines);
    assertTrue(
        all.contains(
            "j.yaml:6:11: groups[0].rules[0].expr: rule 'Restoring': ERROR: <input>:2:14:"
                + " join_or(\"sum by (application_id) (restore\"): at character 33: expected"
                + " ')', got the end"),
        all);
    assertTrue(
        all.contains(
            "j.yaml:12:11: groups[0].rules[1].expr: rule 'Computed': ERROR: <input>:1:23:"
                + " history_on() needs a constant string as its first argument"),
        all);
    assertEquals(2, lines.size(), all);
  }

  @Test
  void aRuleAsksForKindsOfEvidenceAndAnUnknownKindIsAnErrorNamingTheKinds(@TempDir Path dir)
      throws Exception {
    String rule =
        """
        groups:
        - name: g
          rules:
          - alert: Stuck
            series: m
            expr: value > 1.0
            labels: {severity: warning}
            evidence: %s
        """;
    Path both =
        Files.writeString(dir.resolve("both.yaml"), rule.formatted("[threads, stopped-at]"));
    assertEquals(
        List.of("threads", "stopped-at"),
        List.copyOf(loader.load(List.of(both)).rules().get(0).evidence()));
    Path none = Files.writeString(dir.resolve("none.yaml"), rule.formatted("[]"));
    assertTrue(loader.load(List.of(none)).rules().get(0).evidence().isEmpty());

    Path bad = Files.writeString(dir.resolve("bad.yaml"), rule.formatted("[threads, heap]"));
    ConfigException e = assertThrows(ConfigException.class, () -> loader.load(List.of(bad)));
    assertEquals(
        List.of(
            bad
                + ":8:15: groups[0].rules[0].evidence: rule 'Stuck': unknown kind of evidence"
                + " 'heap'; the kinds are threads, stopped-at"),
        e.errors().stream().map(ConfigError::format).toList());
  }

  @Test
  void aMissingPathIsAnError(@TempDir Path dir) {
    ConfigException e =
        assertThrows(ConfigException.class, () -> loader.load(List.of(dir.resolve("nope.yaml"))));
    assertTrue(e.getMessage().contains("no such rule file"), e.getMessage());
  }

  @Test
  void selectorsMatchLikePromql() {
    SeriesSelector s = SeriesSelector.parse("m{a=\"x\", b!=\"y\", c=~\"1|2\", d!~\"z.*\"}");
    assertEquals("m", s.metric());
    assertTrue(s.matches(Labels.of("a", "x", "c", "2")));
    assertTrue(!s.matches(Labels.of("a", "x", "c", "12")), "regex matches the whole value");
    assertTrue(!s.matches(Labels.of("a", "x", "b", "y", "c", "1")));
    assertTrue(!s.matches(Labels.of("a", "x", "c", "1", "d", "zz")));
    assertThrows(IllegalArgumentException.class, () -> SeriesSelector.parse("m{a=x}"));
  }
}
