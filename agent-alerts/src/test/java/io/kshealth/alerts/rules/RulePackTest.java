package io.kshealth.alerts.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.alerts.expr.RuleLanguage;
import io.kshealth.core.config.ConfigDocument;
import io.kshealth.core.config.ConfigNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shipped rule pack (config/rules) as an operator meets it: it loads, every alert says what,
 * where and what next, links a runbook section that exists, has a Prometheus twin of the same name
 * and a test that makes it fire.
 */
class RulePackTest {

  static final Path CONFIG = Path.of("..", "config").toAbsolutePath().normalize();
  static final Path DOCS = CONFIG.resolveSibling("docs");
  static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");

  @Test
  void everyRuleFileLoadsWithEveryParameterDefaulted() throws Exception {
    RuleSet pack = new RuleLoader(RuleLanguage.standard()).load(List.of(CONFIG.resolve("rules")));
    assertEquals(ruleFiles().size(), pack.files().size(), "tests/ holds no rule file");
    assertTrue(pack.rules().size() >= 30, pack.rules().size() + " rules");
    pack.parameters()
        .forEach((name, p) -> assertTrue(p.defaultValue() != null, name + " has no default"));
  }

  @Test
  void everyAlertSaysWhatAndWhatNextAndLinksItsRunbookSection() throws Exception {
    List<String> problems = new ArrayList<>();
    for (Path file : ruleFiles()) {
      String group = stem(file);
      String runbook = Files.readString(DOCS.resolve("rules/" + group + ".md"));
      alerts(file)
          .forEach(
              (alert, rule) -> {
                Map<String, String> annotations = rule.stringMap("annotations");
                for (String key : List.of("summary", "description", "runbook_url")) {
                  if (annotations.getOrDefault(key, "").isBlank()) {
                    problems.add(alert + ": no " + key);
                  }
                }
                String url =
                    "https://github.com/kshealth/kshealth/blob/main/docs/rules/"
                        + group
                        + ".md#"
                        + alert.toLowerCase(java.util.Locale.ROOT);
                if (!url.equals(annotations.get("runbook_url"))) {
                  problems.add(alert + ": runbook_url " + annotations.get("runbook_url"));
                }
                if (!runbook.contains("\n### " + alert + "\n")) {
                  problems.add(alert + ": no '### " + alert + "' in docs/rules/" + group + ".md");
                }
                if (!SEVERITIES.contains(rule.stringMap("labels").get("severity"))) {
                  problems.add(alert + ": severity " + rule.stringMap("labels").get("severity"));
                }
              });
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void everyAlertHasAPrometheusTwinAndATestThatMakesItFire() throws Exception {
    for (Path file : ruleFiles()) {
      Set<String> alerts = alerts(file).keySet();
      Path twin = CONFIG.resolve("prometheus/" + file.getFileName());
      assertEquals(alerts, alerts(twin).keySet(), "the alerts of " + twin);
      assertEquals(
          rules(file, "record").keySet(),
          rules(twin, "record").keySet(),
          "the recording rules of " + twin);
      // The twins compare by alert name only: evidence is the agent's own (promtool rejects it).
      alerts(twin)
          .forEach((alert, rule) -> assertFalse(rule.has("evidence"), alert + " in " + twin));
      Set<String> fired = new TreeSet<>();
      ConfigNode tests = read(CONFIG.resolve("rules/tests/" + stem(file) + ".test.yaml"));
      for (ConfigNode test : tests.list("tests")) {
        for (ConfigNode check : test.list("alert_rule_test")) {
          if (!check.list("exp_alerts").isEmpty()) {
            fired.add(check.string("alertname", ""));
          }
        }
      }
      assertEquals(alerts, fired, "alerts that a test of " + file.getFileName() + " fires");
    }
  }

  @Test
  void theStallAlertsAskForEvidence() throws Exception {
    RuleSet pack = new RuleLoader(RuleLanguage.standard()).load(List.of(CONFIG.resolve("rules")));
    Map<String, Set<String>> asking = new TreeMap<>();
    pack.rules().stream()
        .filter(r -> !r.evidence().isEmpty())
        .forEach(r -> asking.put(r.name(), r.evidence()));
    assertEquals(
        Map.of(
            "KafkaStreamsClientGone", Set.of("stopped-at"),
            "KafkaStreamsClientNotRunning", Set.of("stopped-at"),
            "KafkaStreamsLagStalled", Set.of("threads", "stopped-at"),
            "KafkaStreamsPollIntervalNearLimit", Set.of("threads"),
            "KafkaStreamsRebalanceStorm", Set.of("threads"),
            "KafkaStreamsRebalancingTooLong", Set.of("threads")),
        asking);
  }

  private static List<Path> ruleFiles() throws IOException {
    try (Stream<Path> files = Files.list(CONFIG.resolve("rules"))) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  /** Each alert of a rule file (either engine's) by name: the first rule of that name. */
  private static Map<String, ConfigNode> alerts(Path file) throws Exception {
    return rules(file, "alert");
  }

  /** The rules of a file that have {@code kind} ({@code alert} or {@code record}), by name. */
  private static Map<String, ConfigNode> rules(Path file, String kind) throws Exception {
    Map<String, ConfigNode> rules = new TreeMap<>();
    for (ConfigNode group : read(file).list("groups")) {
      for (ConfigNode rule : group.list("rules")) {
        if (rule.has(kind)) {
          rules.putIfAbsent(rule.string(kind, ""), rule);
        }
      }
    }
    return rules;
  }

  private static ConfigNode read(Path file) throws Exception {
    return ConfigDocument.read(file, (name, fallback) -> null).root();
  }

  private static String stem(Path file) {
    String name = file.getFileName().toString();
    return name.substring(0, name.length() - ".yaml".length());
  }
}
