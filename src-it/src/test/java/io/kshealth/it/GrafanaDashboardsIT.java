package io.kshealth.it;

import static org.awaitility.Awaitility.await;

import io.kshealth.demo.driver.ChildProcess;
import io.kshealth.demo.driver.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every panel of the Grafana dashboards (deploy/grafana, docs/dashboards.md) shows data in the
 * scenario its description names: the demo runs the scenario, a real Prometheus (Debian's) scrapes
 * its agent every second and evaluates the fleet recording rules, and each panel's queries, with
 * Grafana's variables replaced as Grafana would for this Prometheus, are asked until one of them
 * returns a series: in a fault scenario, a series with a value other than 0. Which query is valid
 * PromQL is GrafanaDashboardsTest's (docker module).
 */
class GrafanaDashboardsIT {

  private static final Pattern SCENARIO = Pattern.compile("scenario: ([a-z0-9-]+)\\.");

  /** Grafana's built-in variables as Grafana fills them for a data source scraped every 1 s. */
  private static final Map<String, String> BUILT_INS =
      Map.of("$__rate_interval", "4s", "$__interval", "1s", "$__range", "1h");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "healthy",
        "thread-death",
        "slow-record",
        "stall",
        "memory-growth",
        "restore",
        "eos"
      })
  void everyPanelOfTheScenarioShowsData(String scenario, @TempDir Path dir) throws Exception {
    int port = Ports.freeLoopbackPort();
    String app = "dash-it-" + ProcessHandle.current().pid() + "-" + port;
    Map<String, List<String>> panels = panels(scenario, app, "127.0.0.1:" + port);
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("tmp")),
                "-jar",
                System.getProperty("kshealth.demo.jar"),
                "--port",
                Integer.toString(port),
                "--application-id",
                app,
                "--kshealth-home",
                Locations.home().toString()));
    if (!scenario.equals("healthy")) {
      command.addAll(List.of("--scenario", scenario, "--fault-after", "5", "--heal-after", "600"));
    }
    Path fleetRules = Locations.home().resolve("config/prometheus-fleet/records.yaml");
    try (ChildProcess demo =
            ChildProcess.start("demo", new ProcessBuilder(command), dir.resolve("demo.log"));
        Prometheus prometheus =
            Prometheus.start(
                dir.resolve("prometheus"),
                "  - job_name: kshealth\n    static_configs:\n      - targets: ['127.0.0.1:"
                    + port
                    + "']\n",
                List.of(fleetRules))) {
      Set<String> shown = new TreeSet<>();
      try {
        await()
            .atMost(Duration.ofMinutes(5))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () -> {
                  for (Map.Entry<String, List<String>> panel : panels.entrySet()) {
                    if (!shown.contains(panel.getKey()) && anyData(prometheus, panel.getValue())) {
                      shown.add(panel.getKey());
                    }
                  }
                  return shown.size() == panels.size();
                });
      } catch (ConditionTimeoutException e) {
        Set<String> missing = new TreeSet<>(panels.keySet());
        missing.removeAll(shown);
        throw new AssertionError(
            "panels of scenario "
                + scenario
                + " that never showed data: "
                + missing
                + "\ndemo:\n"
                + String.join("\n", demo.logLines()),
            e);
      }
    }
  }

  private static boolean anyData(Prometheus prometheus, List<String> queries)
      throws IOException, InterruptedException {
    for (String query : queries) {
      if (prometheus.seriesCount(query) > 0) {
        return true;
      }
    }
    return false;
  }

  /** The panels naming {@code scenario}, by dashboard and title, with their queries filled in. */
  private static Map<String, List<String>> panels(String scenario, String app, String instance)
      throws IOException {
    Path dashboards = Path.of("").toAbsolutePath().getParent().resolve("deploy/grafana");
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
          query = query.replace("$application_id", app).replace("$instance", instance);
          // In a fault, a series of zeros (no restore, no rebalance, no lag) is not the fault
          // shown.
          queries.add(scenario.equals("healthy") ? query : "(" + query + ") != 0");
        }
        panels.put(file + " " + panel.get("title"), queries);
      }
    }
    if (panels.isEmpty()) {
      throw new AssertionError("no panel names scenario " + scenario);
    }
    return panels;
  }
}
