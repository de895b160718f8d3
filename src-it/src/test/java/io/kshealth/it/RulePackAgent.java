package io.kshealth.it;

import static org.awaitility.Awaitility.await;

import io.kshealth.demo.driver.AgentAlert;
import io.kshealth.demo.driver.SampleAppOptions;
import io.kshealth.demo.driver.Series;
import io.kshealth.it.testbed.TestBed;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The agent as the demo runs it (the demo's own config: every collector at 1 s, the distribution's
 * rule pack evaluated every 1 s), watching one sample app, with rule parameters set by the test.
 * Latency is counted in rule evaluations ({@code kshealth_rule_evaluations_total}).
 */
final class RulePackAgent implements AutoCloseable {

  /**
   * What one look at the agent saw: its evaluations so far, its alerts, the app's two probes
   * (status and reason), the health verdict ({@code /api/v1/health}), and the changelog records the
   * app's clients still had to restore ({@code kshealth_streams_restore_remaining_records}, summed;
   * 0 when the agent reports none).
   */
  record Look(
      long evaluations,
      double restoreRemaining,
      List<AgentAlert> alerts,
      int ready,
      String readyReason,
      int live,
      String liveReason,
      Map<?, ?> health) {

    /** An area's verdict: ok, warning, critical, unknown or not_applicable. */
    String level(String area) {
      return (String) area(area).get("status");
    }

    Map<?, ?> area(String area) {
      return Json.object(Json.object(health.get("areas")).get(area));
    }

    /** One of the facts the verdict gives for an area, as text; null when it gives none. */
    String fact(String area, String name) {
      Object fact = Json.object(area(area).get("facts")).get(name);
      return fact == null ? null : fact.toString();
    }

    /** The names of the alerts the verdict cites for an area. */
    List<String> cited(String area) {
      return Json.array(area(area).get("alerts")).stream()
          .map(a -> (String) Json.object(a).get("name"))
          .toList();
    }

    String probes() {
      return "ready " + ready + " (" + readyReason + "), live " + live + " (" + liveReason + ")";
    }

    List<AgentAlert> named(String name, String state) {
      return alerts.stream().filter(a -> a.name().equals(name) && a.state().equals(state)).toList();
    }

    List<AgentAlert> inState(String state) {
      return alerts.stream().filter(a -> a.state().equals(state)).toList();
    }
  }

  /** Generous for a shared machine: evaluations are 1 s apart. */
  static final Duration TIMEOUT = Duration.ofMinutes(3);

  /** How long a resolved alert must stay quiet to count as resolved. */
  static final int QUIET_EVALUATIONS = 10;

  final Daemon daemon;
  private final List<Look> looks = new ArrayList<>();

  private RulePackAgent(Daemon daemon) {
    this.daemon = daemon;
  }

  /**
   * @param parameters {@code alerting.parameters}: the pack's defaults are made for production time
   *     scales, so a test shortens the windows and durations it waits on
   */
  static RulePackAgent start(Path dir, SampleAppOptions app, Map<String, String> parameters)
      throws IOException {
    return start(dir, app, parameters, Map.of(), appMatch(app));
  }

  /** The regex that finds {@code app}'s JVM by its command line. */
  static String appMatch(SampleAppOptions app) {
    return "SampleStreamsApp .*--application-id " + Pattern.quote(app.applicationId()) + " ";
  }

  /**
   * @param notifiers more notifiers beside the log, by name: each a YAML flow map
   * @param appMatch the regex on the app's command line that finds its JVM
   */
  static RulePackAgent start(
      Path dir,
      SampleAppOptions app,
      Map<String, String> parameters,
      Map<String, String> notifiers,
      String appMatch)
      throws IOException {
    String config;
    try (InputStream in =
        io.kshealth.demo.Demo.class.getResourceAsStream("/io/kshealth/demo/agent.yaml")) {
      config = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    // alerting: is the config's last section and notifiers: its last key, so more notifiers and
    // then the parameters can follow it.
    config +=
        notifiers.entrySet().stream()
            .map(e -> "    " + e.getKey() + ": " + e.getValue() + "\n")
            .collect(Collectors.joining());
    // The demo's deadline is half the 1 s interval, for a quiet host. The scenarios run side by
    // side on a 2-core CI machine, where starved evaluations would be cut short often and their
    // rules' alerts late by a round (a starved rule is not skipped: only one that costs half a
    // round of CPU by itself). So the pack runs with the longest deadline an interval allows;
    // RuleDeadlineIT tests the deadline itself.
    config += "  evaluation-timeout: 1s\n";
    if (!parameters.isEmpty()) {
      config +=
          "  parameters:\n"
              + parameters.entrySet().stream()
                  .map(e -> "    " + e.getKey() + ": '" + e.getValue() + "'\n")
                  .collect(Collectors.joining());
    }
    Path file = Files.writeString(Files.createTempFile(dir, "rule-pack-agent-", ".yaml"), config);
    Map<String, String> env =
        Map.of(
            "KSHEALTH_LISTEN",
            "127.0.0.1:0", // --listen sets the port
            "KSHEALTH_DATA_DIR",
            Files.createTempDirectory(dir, "agent-data-").toString(),
            "KSHEALTH_DEMO_APP_MATCH",
            appMatch,
            "KSHEALTH_DEMO_STATE_DIR",
            app.stateDir().toString(),
            "KSHEALTH_DEMO_BOOTSTRAP",
            TestBed.bootstrapServers(),
            "KSHEALTH_DEMO_COMMIT_INTERVAL",
            app.commitInterval().toMillis() + "ms",
            "KSHEALTH_DEMO_MAX_POLL_INTERVAL",
            app.maxPollInterval().toMillis() + "ms",
            "KSHEALTH_DEMO_RULES",
            Kshealth.distribution().home().resolve("config/rules").toString());
    Daemon daemon = Kshealth.distribution().start(dir, env, file);
    try {
      daemon.awaitReady();
    } catch (IOException | RuntimeException | Error notReady) {
      daemon.close(); // not left running for NoOrphanProcesses to find
      throw notReady;
    }
    return new RulePackAgent(daemon);
  }

  /** Looks at the agent now, and remembers the look. */
  Look look() throws IOException, InterruptedException {
    List<Series> metrics =
        Series.parse(new String(daemon.get("/metrics").body(), StandardCharsets.UTF_8));
    long evaluations = (long) Series.sum(metrics, "kshealth_rule_evaluations_total", Map.of());
    List<AgentAlert> alerts =
        AgentAlert.parse(new String(daemon.get("/api/v1/alerts").body(), StandardCharsets.UTF_8));
    // The verdict carries both probes' answers, as /probe/app/ready and /probe/app/live give
    // them: one request instead of three keeps the looks light on a busy machine.
    Map<?, ?> health =
        Json.object(
            Json.parse(new String(daemon.get("/api/v1/health").body(), StandardCharsets.UTF_8)));
    Map<?, ?> probes = Json.object(health.get("probes"));
    Map<?, ?> ready = Json.object(probes.get("ready"));
    Map<?, ?> live = Json.object(probes.get("live"));
    Look look =
        new Look(
            evaluations,
            metrics.stream()
                .filter(m -> m.name().equals("kshealth_streams_restore_remaining_records"))
                .mapToDouble(Series::value)
                .sum(),
            alerts,
            ((Number) ready.get("status")).intValue(),
            (String) ready.get("reason"),
            ((Number) live.get("status")).intValue(),
            (String) live.get("reason"),
            health);
    looks.add(look);
    return look;
  }

  /** Every look so far, oldest first. */
  List<Look> looks() {
    return List.copyOf(looks);
  }

  /**
   * Looks every 500 ms (twice per evaluation: no evaluation goes unseen, and the agents of the
   * scenarios side by side are not kept busy answering) until one matches; on timeout, fails with
   * the alerts of the last look and the agent's log.
   */
  Look until(String what, Predicate<Look> condition) throws IOException {
    Look[] last = {null};
    try {
      await()
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                last[0] = look();
                return condition.test(last[0]);
              });
      return last[0];
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "no look at the agent showed "
              + what
              + " within "
              + TIMEOUT
              + "; the last showed "
              + (last[0] == null
                  ? "nothing"
                  : describe(last[0].alerts())
                      + "\nprobes: "
                      + last[0].probes()
                      + "\nverdict: "
                      + last[0].health().get("status"))
              + "\nthe last looks:\n"
              + trail(TRAIL)
              + "\nagent log:\n"
              + daemon.log(),
          e);
    }
  }

  /** Waits until {@code name} fires; the look that showed it. */
  Look awaitFiring(String name) throws IOException {
    return until(name + " firing", l -> !l.named(name, "firing").isEmpty());
  }

  /**
   * Waits until nothing of {@code name} fires or is pending, and has stayed so for {@value
   * #QUIET_EVALUATIONS} evaluations: resolved for good, not between two flaps. (A resolved alert
   * whose condition returns goes pending, and vanishes from the list once it ends again, as in
   * Prometheus: "resolved" alone may no longer be shown.)
   */
  Look awaitResolved(String name) throws IOException {
    long[] quietSince = {-1};
    return until(
        name + " resolved for " + QUIET_EVALUATIONS + " evaluations",
        l -> {
          boolean quiet = l.named(name, "firing").isEmpty() && l.named(name, "pending").isEmpty();
          if (!quiet) {
            quietSince[0] = -1;
          } else if (quietSince[0] < 0) {
            quietSince[0] = l.evaluations();
          }
          return quiet && l.evaluations() - quietSince[0] >= QUIET_EVALUATIONS;
        });
  }

  /** How many of the last changes a failed wait shows. */
  private static final int TRAIL = 60;

  /**
   * Every look so far, one line per run of looks that saw the same: the evaluations, each area's
   * level, the lag status and the two probes; the last {@code n} such lines. What the agent said on
   * the way, not only at the end, tells a late signal from a missing one.
   */
  private String trail(int n) {
    List<String> lines = new ArrayList<>();
    String seen = null;
    long from = 0;
    long to = 0;
    for (Look l : looks()) {
      String now = summary(l);
      if (!now.equals(seen)) {
        if (seen != null) {
          lines.add("  #" + from + ".." + to + " " + seen);
        }
        seen = now;
        from = l.evaluations();
      }
      to = l.evaluations();
    }
    if (seen != null) {
      lines.add("  #" + from + ".." + to + " " + seen);
    }
    return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
  }

  private static String summary(Look l) {
    return Json.object(l.health().get("areas")).keySet().stream()
            .map(a -> a + "=" + l.level((String) a))
            .collect(Collectors.joining(" "))
        + " lag.status="
        + l.fact("lag", "status")
        + " ready="
        + l.ready()
        + " live="
        + l.live();
  }

  static String describe(List<AgentAlert> alerts) {
    return alerts.isEmpty()
        ? "no alerts"
        : alerts.stream()
            .map(
                a -> a.state() + " " + a.name() + a.where() + ": " + a.annotations().get("summary"))
            .collect(Collectors.joining("\n  ", "\n  ", ""));
  }

  @Override
  public void close() throws IOException {
    daemon.closeCleanly();
  }
}
