package io.kshealth.it;

import static org.awaitility.Awaitility.await;

import io.kshealth.demo.driver.SampleAppOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The Grafana dashboards' panels (deploy/grafana, docs/dashboards.md) asked of a real Prometheus
 * (Debian's) that scrapes a scenario's agent every second and evaluates the fleet recording rules.
 * A panel shows data in its scenario when one of its queries, with Grafana's variables replaced as
 * Grafana would for this Prometheus, returned a sample at any second since the watch began: in a
 * fault scenario, a sample other than 0 (a series of zeros, no restore or no rebalance, is not the
 * fault shown). Which query is valid PromQL is GrafanaDashboardsTest's (docker module).
 */
final class DashboardPanels implements AutoCloseable {

  private static final Pattern SCENARIO = Pattern.compile("scenario: ([a-z0-9-]+)\\.");

  /** Grafana's built-in variables as Grafana fills them for a data source scraped every 1 s. */
  private static final Map<String, String> BUILT_INS =
      Map.of("$__rate_interval", "4s", "$__interval", "1s", "$__range", "1h");

  private final Prometheus prometheus;
  private final String applicationId;
  private final String instance;
  private final Instant since = Instant.now();

  private DashboardPanels(Prometheus prometheus, String applicationId, String instance) {
    this.prometheus = prometheus;
    this.applicationId = applicationId;
    this.instance = instance;
  }

  /** Starts a Prometheus in {@code dir} that scrapes {@code agent}, which watches {@code app}. */
  static DashboardPanels watch(Path dir, RulePackAgent agent, SampleAppOptions app)
      throws IOException {
    String target = "127.0.0.1:" + agent.daemon.port();
    Prometheus prometheus =
        Prometheus.start(
            dir.resolve("dashboards-prometheus"),
            "  - job_name: kshealth\n    static_configs:\n      - targets: ['" + target + "']\n",
            List.of(Locations.home().resolve("config/prometheus-fleet/records.yaml")));
    return new DashboardPanels(prometheus, app.applicationId(), target);
  }

  /**
   * Waits until every panel tagged with {@code scenario} has shown data since the watch began (the
   * last scrapes may still be on their way), then fails naming those that never did, and when no
   * panel is tagged with it.
   */
  void assertEveryPanelShowed(String scenario) throws IOException {
    Map<String, List<String>> panels = panels(scenario);
    if (panels.isEmpty()) {
      throw new AssertionError("no dashboard panel names scenario " + scenario);
    }
    Map<String, List<String>> blank = new LinkedHashMap<>(panels);
    try {
      await()
          .atMost(SCRAPES_IN_FLIGHT)
          .pollInterval(Duration.ofSeconds(2))
          .until(
              () -> {
                Instant now = Instant.now();
                for (Map.Entry<String, List<String>> panel : panels.entrySet()) {
                  for (String query : panel.getValue()) {
                    if (prometheus.samplesBetween(query, since, now) > 0) {
                      blank.remove(panel.getKey());
                    }
                  }
                }
                return blank.isEmpty();
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "panels of scenario "
              + scenario
              + " that showed no data since "
              + since
              + ":\n  "
              + blank.entrySet().stream()
                  .map(b -> b.getKey() + " " + b.getValue())
                  .collect(Collectors.joining("\n  ")),
          e);
    }
  }

  /**
   * Runs every query of the panels tagged with {@code scenario} once, without asking for data: for
   * the panels whose scenario the test bed cannot make (ec2-only), Prometheus still evaluates them,
   * so a query that parses in promtool but fails at evaluation (many-to-many matching, say) fails
   * here.
   */
  void assertEveryQueryRuns(String scenario) throws IOException, InterruptedException {
    Map<String, List<String>> panels = panels(scenario);
    if (panels.isEmpty()) {
      throw new AssertionError("no dashboard panel names scenario " + scenario);
    }
    Instant now = Instant.now();
    for (List<String> queries : panels.values()) {
      for (String query : queries) {
        prometheus.samplesBetween(query, since, now); // answers 200, or fails naming the query
      }
    }
  }

  /** Hang guard: Prometheus scrapes every second. */
  private static final Duration SCRAPES_IN_FLIGHT = Duration.ofSeconds(30);

  /** The panels tagged with {@code scenario}, by dashboard and title, their queries filled in. */
  private Map<String, List<String>> panels(String scenario) throws IOException {
    Path dashboards = Locations.dashboards();
    Map<String, List<String>> panels = new LinkedHashMap<>();
    for (String file : List.of("kshealth-fleet.json", "kshealth-instance.json")) {
      Map<?, ?> dashboard = Json.object(Json.parse(Files.readString(dashboards.resolve(file))));
      for (Object p : Json.array(dashboard.get("panels"))) {
        Map<?, ?> panel = Json.object(p);
        Matcher named = SCENARIO.matcher((String) panel.get("description"));
        if (!named.lookingAt() || !named.group(1).equals(scenario)) {
          continue;
        }
        List<String> queries = new ArrayList<>();
        for (Object t : Json.array(panel.get("targets"))) {
          String query = (String) Json.object(t).get("expr");
          for (Map.Entry<String, String> builtIn : BUILT_INS.entrySet()) {
            query = query.replace(builtIn.getKey(), builtIn.getValue());
          }
          query = query.replace("$application_id", applicationId).replace("$instance", instance);
          queries.add(scenario.equals("healthy") ? query : "(" + query + ") != 0");
        }
        panels.put(file + " \"" + panel.get("title") + "\"", queries);
      }
    }
    return panels;
  }

  @Override
  public void close() {
    prometheus.close();
  }
}
