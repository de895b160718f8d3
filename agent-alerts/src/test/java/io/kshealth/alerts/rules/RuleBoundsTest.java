package io.kshealth.alerts.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.alerts.expr.RuleLanguage;
import io.kshealth.core.config.ConfigError;
import io.kshealth.core.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile rule files get one clear error each, at the rule, before anything is compiled. */
class RuleBoundsTest {

  final RuleLoader loader = new RuleLoader(RuleLanguage.standard());

  static String rules(int count, String expr, String annotation) {
    StringBuilder y = new StringBuilder("groups:\n- name: g\n  rules:\n");
    for (int i = 0; i < count; i++) {
      y.append("  - alert: R")
          .append(i)
          .append("\n    series: m\n    expr: '")
          .append(expr)
          .append("'\n    labels: {severity: warning}\n    annotations: {summary: '")
          .append(annotation)
          .append("'}\n");
    }
    return y.toString();
  }

  static List<String> errors(ConfigException e) {
    return e.errors().stream().map(ConfigError::format).toList();
  }

  @Test
  void elevenHundredRulesAreOneErrorAtTheFirstOneTooMany(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("many.yaml"), rules(1_100, "value > 1.0", "s"));
    ConfigException e = assertThrows(ConfigException.class, () -> loader.load(List.of(file)));
    // Each rule takes 5 lines from line 4: the 1,001st starts at line 4 + 5,000.
    assertEquals(
        List.of(
            file
                + ":5004:12: groups[0].rules[1000].alert: more than 1000 rules in the rule files:"
                + " none after this one is loaded (split them among agents, or drop the ones no"
                + " one reads)"),
        errors(e));
  }

  @Test
  void theBoundCountsRulesOfEveryFile(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.yaml"), rules(600, "value > 1.0", "s"));
    Files.writeString(
        dir.resolve("b.yaml"), rules(600, "value > 1.0", "s").replace("name: g", "name: h"));
    ConfigException e = assertThrows(ConfigException.class, () -> loader.load(List.of(dir)));
    assertEquals(1, e.errors().size());
    assertTrue(errors(e).get(0).startsWith(dir.resolve("b.yaml") + ":2004:12: "), errors(e).get(0));
  }

  @Test
  void theTextOfAllRulesIsBounded(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(dir.resolve("big.yaml"), rules(200, "value > 1.0", "x".repeat(3000)));
    ConfigException e = assertThrows(ConfigException.class, () -> loader.load(List.of(file)));
    // 3,011 characters a rule: the 175th passes 524,288.
    assertEquals(
        List.of(
            file
                + ":876:11: groups[0].rules[174].expr: the rule files' expressions and annotations"
                + " pass 524288 characters in all at this rule: none from here on is loaded"),
        errors(e));
  }

  @Test
  void aDeepExpressionIsAnErrorNamingTheRuleAndItsPosition(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("deep.yaml"),
            rules(1, "(".repeat(250) + "value > 1.0" + ")".repeat(250), "s"));
    ConfigException e = assertThrows(ConfigException.class, () -> loader.load(List.of(file)));
    assertEquals(
        List.of(
            file
                + ":6:11: groups[0].rules[0].expr: rule 'R0': expression nested deeper than 50"
                + " parentheses or brackets (at character 51)"),
        errors(e));
  }
}
