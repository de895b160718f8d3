package io.kshealth.dist.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboards in {@code deploy/grafana/} (docs/dashboards.md) hold together without a
 * Grafana: each is JSON a provisioned Grafana loads (schemaVersion 39, a {@code datasource}
 * variable, panels with unique ids), every panel queries {@code ${datasource}} and names the
 * test-bed scenario in which it must show data, every query reads only metrics the agent emits (the
 * same list {@link DocsMatchCodeTest} holds the docs to) or the fleet recording rules define, uses
 * the dashboard's own variables only inside regex matchers, and parses as PromQL in the real
 * promtool once Grafana's variables are replaced ({@link GrafanaQueries}).
 *
 * <p>Not checked here: label names and the panels' looks. That a query returns data in its scenario
 * is checked by the scenario tests of RulePackIT, against a real Prometheus (src-it's
 * DashboardPanels).
 */
class GrafanaDashboardsTest {

  /** Scenarios a panel may name besides the test bed's fault switches (docs/testbed.md). */
  private static final Map<String, String> OTHER_SCENARIOS =
      Map.of(
          "healthy", "the demo with no fault",
          "ec2-only", "needs an EBS volume, which the test bed does not have");

  private static final Pattern SCENARIO = Pattern.compile("scenario: ([a-z0-9-]+)\\.\\s.*");
  private static final Pattern LABEL_VALUES =
      Pattern.compile("label_values\\((.+),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\)");
  private static final String DATASOURCE = "${datasource}";

  private static Path root;
  private static final Map<Path, JsonNode> dashboards = new java.util.TreeMap<>();
  private static Set<String> known;

  @BeforeAll
  static void read(@TempDir Path dir) throws Exception {
    root = Path.of("").toAbsolutePath().getParent();
    JsonMapper json = JsonMapper.builder().build();
    for (Path file : CodeNames.files(root.resolve("deploy/grafana"), ".json")) {
      dashboards.put(file, json.readTree(CodeNames.read(file)));
    }
    assertEquals(
        List.of("kshealth-fleet.json", "kshealth-instance.json"),
        dashboards.keySet().stream().map(p -> p.getFileName().toString()).toList());
    known = new TreeSet<>(new CodeNames(root).declaredMetrics(new ArrayList<>()));
    known.addAll(AgentScrape.families(dir));
    known.addAll(fleetRecords());
  }

  @Test
  void eachDashboardIsProvisioningReady() {
    Set<String> uids = new HashSet<>();
    for (Map.Entry<Path, JsonNode> d : dashboards.entrySet()) {
      JsonNode dashboard = d.getValue();
      String name = d.getKey().getFileName().toString();
      assertEquals(39, dashboard.path("schemaVersion").asInt(), name);
      assertTrue(dashboard.path("__inputs").isMissingNode(), name + " has __inputs");
      assertTrue(uids.add(text(dashboard, "uid")), name + ": uid missing or not unique");
      JsonNode datasource = variable(dashboard, "datasource");
      assertEquals("datasource", text(datasource, "type"), name);
      assertEquals("prometheus", text(datasource, "query"), name);
      Set<Integer> ids = new HashSet<>();
      for (JsonNode panel : dashboard.path("panels")) {
        assertTrue(
            ids.add(panel.path("id").asInt()),
            name + ": panel id " + panel.path("id") + " not unique (" + text(panel, "title") + ")");
      }
      assertFalse(ids.isEmpty(), name + " has no panels");
    }
  }

  @Test
  void queryVariablesTakeTheirValuesFromLabelsOfKnownMetrics() {
    for (Map.Entry<Path, JsonNode> d : dashboards.entrySet()) {
      for (JsonNode v : d.getValue().path("templating").path("list")) {
        if (!text(v, "type").equals("query")) {
          continue;
        }
        String where = d.getKey().getFileName() + " variable " + text(v, "name");
        assertEquals(DATASOURCE, text(v.path("datasource"), "uid"), where);
        Matcher labelValues = LABEL_VALUES.matcher(text(v.path("query"), "query"));
        assertTrue(labelValues.matches(), where + ": not label_values(selector, label)");
        assertEquals(text(v, "name"), labelValues.group(2), where + ": values of another label");
        assertKnown(where, labelValues.group(1));
      }
    }
  }

  @Test
  void everyPanelQueriesTheDatasourceVariableAndNamesItsScenario() {
    Set<String> scenarios = scenarios();
    List<String> offending = new ArrayList<>();
    forEachPanel(
        (where, panel) -> {
          if (!text(panel.path("datasource"), "uid").equals(DATASOURCE)) {
            offending.add(where + ": panel datasource is not " + DATASOURCE);
          }
          for (JsonNode target : panel.path("targets")) {
            JsonNode ds = target.path("datasource");
            if (!ds.isMissingNode() && !text(ds, "uid").equals(DATASOURCE)) {
              offending.add(where + " " + text(target, "refId") + ": target datasource");
            }
          }
          Matcher scenario = SCENARIO.matcher(text(panel, "description"));
          if (!scenario.matches() || !scenarios.contains(scenario.group(1))) {
            offending.add(where + ": description does not start with one of " + scenarios);
          }
          if (panel.path("targets").isEmpty()) {
            offending.add(where + ": no query");
          }
        });
    assertEquals(List.of(), offending);
  }

  @Test
  void everyQueryReadsOnlyKnownMetricsAndUsesDefinedVariablesInRegexMatchers() {
    List<String> offending = new ArrayList<>();
    for (Map.Entry<Path, JsonNode> d : dashboards.entrySet()) {
      Set<String> defined = new TreeSet<>();
      d.getValue().path("templating").path("list").forEach(v -> defined.add("$" + text(v, "name")));
      forEachQuery(
          d,
          (where, expr) -> {
            Set<String> names = GrafanaQueries.metricNames(expr);
            if (names.isEmpty()) {
              offending.add(where + ": reads no metric: " + expr);
            }
            names.stream()
                .filter(n -> !known.contains(n))
                .forEach(n -> offending.add(where + ": unknown metric " + n));
            GrafanaQueries.misplacedVariables(expr)
                .forEach(v -> offending.add(where + ": " + v + " outside a regex matcher"));
            GrafanaQueries.variables(expr).stream()
                .filter(v -> !GrafanaQueries.BUILT_INS.containsKey(v) && !defined.contains(v))
                .forEach(v -> offending.add(where + ": " + v + " is no variable of the dashboard"));
          });
    }
    assertEquals(List.of(), offending);
  }

  /** One recording rule per query and per variable selector, in one file promtool checks. */
  @Test
  void everyQueryParsesInPromtool(@TempDir Path dir) throws Exception {
    List<String> where = new ArrayList<>();
    StringBuilder rules = new StringBuilder("groups:\n  - name: grafana-dashboards\n    rules:\n");
    for (Map.Entry<Path, JsonNode> d : dashboards.entrySet()) {
      forEachQuery(d, (w, expr) -> addRule(rules, where, w, GrafanaQueries.substituted(expr)));
      for (JsonNode v : d.getValue().path("templating").path("list")) {
        Matcher labelValues = LABEL_VALUES.matcher(text(v.path("query"), "query"));
        if (labelValues.matches()) {
          addRule(
              rules,
              where,
              d.getKey().getFileName() + " variable " + text(v, "name"),
              GrafanaQueries.substituted(labelValues.group(1)));
        }
      }
    }
    Path file = Files.writeString(dir.resolve("dashboards.rules.yaml"), rules);
    Process promtool =
        new ProcessBuilder("/usr/bin/promtool", "check", "rules", file.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String context =
        output + "\nrules (record dashboard:query_N is line N below):\n" + listing(where);
    assertEquals(0, promtool.waitFor(), context);
    assertTrue(output.contains("SUCCESS: " + where.size() + " rules found"), context);
    assertTrue(where.size() >= 40, "fewer queries than the dashboards have: " + where.size());
  }

  private static void addRule(StringBuilder rules, List<String> where, String w, String expr) {
    where.add(w + ": " + expr);
    rules
        .append("      - record: dashboard:query_")
        .append(where.size())
        .append("\n        expr: '")
        .append(expr.replace("'", "''"))
        .append("'\n");
  }

  private static String listing(List<String> where) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < where.size(); i++) {
      out.append(i + 1).append(". ").append(where.get(i)).append('\n');
    }
    return out.toString();
  }

  private static void assertKnown(String where, String selector) {
    Set<String> names = GrafanaQueries.metricNames(selector);
    assertFalse(names.isEmpty(), where + ": no metric in " + selector);
    names.forEach(n -> assertTrue(known.contains(n), where + ": unknown metric " + n));
  }

  private interface PanelVisitor {
    void visit(String where, JsonNode panel);
  }

  private interface QueryVisitor {
    void visit(String where, String expr);
  }

  private static void forEachPanel(PanelVisitor visitor) {
    for (Map.Entry<Path, JsonNode> d : dashboards.entrySet()) {
      for (JsonNode panel : d.getValue().path("panels")) {
        visitor.visit(where(d, panel), panel);
      }
    }
  }

  private static void forEachQuery(Map.Entry<Path, JsonNode> d, QueryVisitor visitor) {
    for (JsonNode panel : d.getValue().path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        visitor.visit(where(d, panel) + " " + text(target, "refId"), text(target, "expr"));
      }
    }
  }

  private static String where(Map.Entry<Path, JsonNode> d, JsonNode panel) {
    return d.getKey().getFileName()
        + " panel "
        + panel.path("id").asInt()
        + " \""
        + text(panel, "title")
        + "\"";
  }

  private static JsonNode variable(JsonNode dashboard, String name) {
    for (JsonNode v : dashboard.path("templating").path("list")) {
      if (text(v, "name").equals(name)) {
        return v;
      }
    }
    throw new AssertionError("no variable " + name + " in " + text(dashboard, "uid"));
  }

  /** The field's string value, or "" when it is missing or not a string. */
  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isString() ? value.asString() : "";
  }

  /** The fault switches of docs/testbed.md's table, plus {@link #OTHER_SCENARIOS}. */
  private static Set<String> scenarios() {
    String testbed = CodeNames.read(root.resolve("docs/testbed.md"));
    int table = testbed.indexOf("## Fault switches");
    assertTrue(table >= 0, "docs/testbed.md has no 'Fault switches' section");
    Set<String> names = new TreeSet<>(OTHER_SCENARIOS.keySet());
    Matcher row = Pattern.compile("(?m)^\\| `([a-z-]+)` \\|").matcher(testbed);
    row.region(table, testbed.length());
    while (row.find()) {
      names.add(row.group(1));
    }
    assertTrue(names.containsAll(Set.of("thread-death", "stall", "restore")), names.toString());
    return names;
  }

  /** The names the fleet recording rules define (config/prometheus-fleet, docs/fleet.md). */
  private static Set<String> fleetRecords() {
    Set<String> records = new TreeSet<>();
    for (Path file : CodeNames.files(root.resolve("config/prometheus-fleet"), ".yaml")) {
      Matcher m = Pattern.compile("(?m)^\\s*- record: (\\S+)").matcher(CodeNames.read(file));
      while (m.find()) {
        records.add(m.group(1));
      }
    }
    assertFalse(records.isEmpty(), "no recording rules in config/prometheus-fleet");
    return records;
  }
}
