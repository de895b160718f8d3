package io.kshealth.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.demo.driver.Ports;
import io.kshealth.demo.driver.Series;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerting end to end, as an operator sees it: a rule on the state-dir collector's {@code
 * kshealth_state_app_disk_bytes}, pushed over its threshold and back by writing and deleting a file
 * in a Kafka Streams state dir, delivered to Debian's Alertmanager and to a webhook receiver.
 *
 * <p>Latency is counted in the agent's evaluation cycles ({@code kshealth_rule_evaluations_total})
 * and compared on the agent's own timestamps, never against wall-clock limits: the waits below are
 * hang guards only. Each test has its own agent, state dir and application id, hence its own alert;
 * they share one Alertmanager, except the one that stops it.
 */
class AlertingIT {

  static final Duration EVALUATION_INTERVAL = Duration.ofSeconds(1);
  static final Duration COLLECTOR_INTERVAL = Duration.ofSeconds(1);
  static final Duration FOR = Duration.ofSeconds(3);

  /**
   * How late after {@code activeAt + for} an alert may fire: the evaluation that finds {@code for}
   * elapsed is the next one, or one more when ticks jitter, plus scheduling slack.
   */
  static final Duration FIRING_SLACK = EVALUATION_INTERVAL.multipliedBy(2).plusMillis(250);

  /** Most evaluations between the one that fires an alert and its arrival in Alertmanager. */
  static final int DELIVERY_CYCLES = 2;

  static final String RULE = "StateDirLarge";

  /** The agent's external label, added to every alert it sends. */
  static final String INSTANCE = "kshealth-it";

  static final long MIB = 1024 * 1024;
  static final long THRESHOLD_BYTES = 4 * MIB;
  static final int BIG_FILE_BYTES = (int) (6 * MIB);

  /** Hang guard for anything that takes a few evaluation cycles. */
  static final Duration CYCLES = Duration.ofSeconds(60);

  static final Duration POLL = Duration.ofMillis(50);

  /** What Alertmanager's webhook format sends as endsAt while an alert fires: Go's zero time. */
  static final String ZERO_TIME = "0001-01-01T00:00:00Z";

  /** The line of {@code expr:} in {@link #rules}. */
  static final int EXPR_LINE = 6;

  /** The line of {@code for:} in {@link #rules}. */
  static final int FOR_LINE = 7;

  @TempDir static Path classDir;

  /** Alertmanager's own notifications: the page and the all-clear an on-call would get. */
  static WebhookReceiver pager;

  static Alertmanager alertmanager;

  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private final Kshealth kshealth = Kshealth.distribution();

  /** Kept when a test fails, with its agents' logs. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path workDir;

  /** A failed test prints every log of its agents and Alertmanagers, for CI. */
  @RegisterExtension
  final TestWatcher logsOnFailure =
      new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
          printLogs();
        }
      };

  @BeforeAll
  static void startAlertmanager() throws IOException {
    pager = WebhookReceiver.start();
    alertmanager =
        Alertmanager.start(classDir.resolve("alertmanager"), Optional.of(pager.url() + "/am"));
  }

  @AfterAll
  static void stopAlertmanager() {
    if (alertmanager != null) {
      alertmanager.close();
    }
    if (pager != null) {
      pager.close();
    }
  }

  /**
   * The alert reaches Alertmanager with the rule's labels and rendered annotation, started when the
   * agent fired it and within {@value #DELIVERY_CYCLES} evaluations of that; once the file is gone
   * it resolves, and Alertmanager sends the all-clear.
   */
  @Test
  void firesIntoAlertmanagerAndResolves() throws Exception {
    StateDir state = new StateDir(workDir, "fires");
    Path config = state.config(Map.of("am", alertmanagerNotifier(alertmanager)));
    try (Daemon agent = kshealth.start(workDir, Map.of(), config)) {
      agent.awaitReady();
      state.awaitWatched(agent);

      state.grow();
      Firing firing = awaitFiring(agent, state);
      Alertmanager.Alert delivered =
          withinCycles().until(() -> alertmanager.alerts(state.match()), l -> !l.isEmpty()).get(0);
      double evaluationsAtDelivery = evaluations(agent);

      assertEquals(state.alertLabels(), delivered.labels(), "the alert's identity");
      assertEquals(
          Map.of("summary", state.applicationId + " holds 6MiB"),
          delivered.annotations(),
          "the rendered summary");
      assertEquals(List.of("webhook"), delivered.receivers());
      assertStartedWhenFired(firing.alert, delivered.startsAt());
      // Counted two ways: evaluations the agent finished meanwhile (it counts one after handing
      // its alerts over, so the count may show the firing evaluation as one more), and the time
      // from firing to Alertmanager's receipt (updatedAt; both clocks are this machine's).
      double cycles = evaluationsAtDelivery - firing.evaluations;
      Duration receipt =
          Duration.between(firing.alert.firedAt().orElseThrow(), delivered.updatedAt());
      System.out.printf(
          "alerting: fired %s after active (for %s); Alertmanager received it %d ms after it"
              + " fired, %.0f evaluation(s) later by the agent's count%n",
          Duration.between(firing.alert.activeAt(), delivered.startsAt()),
          FOR,
          receipt.toMillis(),
          cycles);
      assertTrue(
          cycles <= DELIVERY_CYCLES,
          "Alertmanager got the alert "
              + cycles
              + " evaluations after it fired; log:\n"
              + agent.log());
      assertFalse(receipt.isNegative(), "received " + receipt + " before it fired?");
      assertTrue(
          receipt.compareTo(EVALUATION_INTERVAL.multipliedBy(DELIVERY_CYCLES)) <= 0,
          "Alertmanager received the alert " + receipt + " after it fired");
      Map<?, ?> page = awaitPagerAlert(state, "firing");
      assertEquals(delivered.fingerprint(), page.get("fingerprint"));

      state.shrink();
      withinCycles().until(() -> alertmanager.alerts(state.match()).isEmpty());
      Map<?, ?> allClear = awaitPagerAlert(state, "resolved");
      assertEquals(delivered.fingerprint(), allClear.get("fingerprint"));
      assertEquals(delivered.startsAt(), millis(allClear.get("startsAt")));
      Instant endsAt = Alertmanager.time(allClear.get("endsAt"));
      assertTrue(endsAt.isAfter(delivered.startsAt()), "ends " + endsAt + " after it started");
      assertTrue(!endsAt.isAfter(Instant.now()), "ended by now: " + endsAt);
      assertFalse(
          agentAlert(agent, state).map(a -> a.state().equals("firing")).orElse(false),
          "the agent still shows it firing: " + agentAlert(agent, state));
      agent.stopCleanly();
    }
  }

  /**
   * Alertmanager down, and the webhook answering 503, while the alert fires: the agent counts
   * failed deliveries to each, and once they are back the alert arrives, with the time it started
   * firing, in Alertmanager on the same address and once at the webhook.
   */
  @Test
  void anAlertFiredWhileReceiversAreDownArrivesWhenTheyAreBack() throws Exception {
    StateDir state = new StateDir(workDir, "receivers-down");
    try (Alertmanager own = Alertmanager.start(workDir.resolve("alertmanager"));
        WebhookReceiver hook = WebhookReceiver.start()) {
      Path config =
          state.config(Map.of("am", alertmanagerNotifier(own), "hook", webhookNotifier(hook)));
      try (Daemon agent = kshealth.start(workDir, Map.of(), config)) {
        agent.awaitReady();
        state.awaitWatched(agent);
        own.stop();
        hook.unavailable(true);

        state.grow();
        Firing firing = awaitFiring(agent, state);
        withinCycles()
            .until(
                () ->
                    notificationsFailed(agent, "am") > 0 && notificationsFailed(agent, "hook") > 0);
        assertTrue(hook.refused() > 0, () -> describe(hook));

        own.start();
        hook.unavailable(false);
        Alertmanager.Alert delivered =
            withinCycles().until(() -> own.alerts(state.match()), l -> !l.isEmpty()).get(0);
        assertEquals(state.alertLabels(), delivered.labels());
        assertStartedWhenFired(firing.alert, delivered.startsAt());
        Map<?, ?> retried =
            withinCycles()
                .until(() -> webhookAlerts(hook, state, "firing"), l -> !l.isEmpty())
                .get(0);
        assertEquals(delivered.startsAt(), millis(retried.get("startsAt")));
        // A few cycles more: the retried notification is not delivered twice.
        awaitEvaluations(agent, evaluations(agent) + 3);
        assertEquals(1, webhookAlerts(hook, state, "firing").size(), () -> describe(hook));
        agent.stopCleanly();
      }
    }
  }

  /**
   * An agent restarted while its alert fires picks the alert up from its data dir: the webhook is
   * not notified twice, Alertmanager keeps one alert with the same start, and the resolution still
   * reaches both.
   */
  @Test
  void aRestartNeitherRepeatsNorLosesAFiringAlert() throws Exception {
    StateDir state = new StateDir(workDir, "restart");
    try (WebhookReceiver hook = WebhookReceiver.start()) {
      Path config =
          state.config(
              Map.of("am", alertmanagerNotifier(alertmanager), "hook", webhookNotifier(hook)));
      Alertmanager.Alert before;
      try (Daemon agent = kshealth.start(workDir, Map.of(), config)) {
        agent.awaitReady();
        state.awaitWatched(agent);
        state.grow();
        awaitFiring(agent, state);
        withinCycles().until(() -> webhookAlerts(hook, state, "firing").size() == 1);
        before =
            withinCycles()
                .until(() -> alertmanager.alerts(state.match()), l -> l.size() == 1)
                .get(0);
        // A few more cycles, in which the webhook must hear nothing new.
        awaitEvaluations(agent, evaluations(agent) + 3);
        assertEquals(1, webhookAlerts(hook, state, "firing").size(), () -> describe(hook));
        agent.stopCleanly();
      }

      try (Daemon agent = kshealth.start(workDir, Map.of(), config)) {
        Instant restarted = Instant.now();
        agent.awaitReady();
        awaitEvaluations(agent, 3);
        Alertmanager.Alert after =
            withinCycles()
                .alias("the restarted agent sends its firing alert to Alertmanager again")
                .until(
                    () -> alertmanager.alerts(state.match()),
                    l -> l.size() == 1 && l.get(0).updatedAt().isAfter(restarted))
                .get(0);
        assertEquals(
            before.startsAt(), after.startsAt(), "the same alert, started at the same time");
        assertEquals(before.fingerprint(), after.fingerprint());
        AgentAlert restored = agentAlert(agent, state).orElseThrow();
        assertEquals("firing", restored.state(), restored::toString);
        assertEquals(1, webhookAlerts(hook, state, "firing").size(), () -> describe(hook));
        assertEquals(
            List.of(),
            webhookAlerts(pager, state, "resolved"),
            "Alertmanager sent the all-clear while the alert fired");

        state.shrink();
        Map<?, ?> resolved =
            withinCycles()
                .until(() -> webhookAlerts(hook, state, "resolved"), l -> !l.isEmpty())
                .get(0);
        assertEquals(before.startsAt(), millis(resolved.get("startsAt")));
        Instant endsAt = Alertmanager.time(resolved.get("endsAt"));
        assertTrue(endsAt.isAfter(before.startsAt()), "ends " + endsAt + " after it started");
        assertTrue(endsAt.isAfter(restarted), "resolved by the restarted agent: " + endsAt);
        withinCycles().until(() -> alertmanager.alerts(state.match()).isEmpty());
        assertEquals(1, webhookAlerts(hook, state, "firing").size(), () -> describe(hook));
        assertEquals(1, webhookAlerts(hook, state, "resolved").size(), () -> describe(hook));
        agent.stopCleanly();
      }
    }
  }

  /**
   * The webhook payload is Alertmanager's webhook format (version 4), field by field, and names the
   * alert by the same fingerprint Alertmanager gives it.
   */
  @Test
  void theWebhookPayloadIsAlertmanagersFormat() throws Exception {
    StateDir state = new StateDir(workDir, "payload");
    try (WebhookReceiver hook = WebhookReceiver.start()) {
      Path config =
          state.config(
              Map.of("am", alertmanagerNotifier(alertmanager), "hook", webhookNotifier(hook)));
      try (Daemon agent = kshealth.start(workDir, Map.of(), config)) {
        agent.awaitReady();
        String agentUrl = agentUrl(agent);
        state.awaitWatched(agent);
        state.grow();
        awaitFiring(agent, state);
        WebhookReceiver.Request request =
            withinCycles().until(hook::requests, l -> !l.isEmpty()).get(0);
        Alertmanager.Alert inAlertmanager =
            withinCycles()
                .until(() -> alertmanager.alerts(state.match()), l -> !l.isEmpty())
                .get(0);

        assertEquals("POST", request.method());
        assertEquals("/hook", request.path());
        assertTrue(
            request.header("Content-Type").startsWith("application/json"),
            request.header("Content-Type"));
        Map<?, ?> payload = request.json();
        Map<String, String> labels = state.alertLabels();
        Map<String, String> annotations = Map.of("summary", state.applicationId + " holds 6MiB");
        assertEquals("4", payload.get("version"));
        assertEquals("firing", payload.get("status"));
        assertEquals("hook", payload.get("receiver"));
        assertTrue(
            payload.get("groupKey") instanceof String
                && !((String) payload.get("groupKey")).isEmpty(),
            "groupKey: " + payload.get("groupKey"));
        assertEquals(Map.of("alertname", RULE), payload.get("groupLabels"));
        assertEquals(labels, payload.get("commonLabels"));
        assertEquals(annotations, payload.get("commonAnnotations"));
        assertEquals(agentUrl, payload.get("externalURL"));
        List<?> alerts = Json.array(payload.get("alerts"));
        assertEquals(1, alerts.size(), payload::toString);
        Map<?, ?> alert = Json.object(alerts.get(0));
        assertEquals("firing", alert.get("status"));
        assertEquals(labels, alert.get("labels"));
        assertEquals(annotations, alert.get("annotations"));
        assertEquals(inAlertmanager.startsAt(), millis(alert.get("startsAt")));
        assertEquals(ZERO_TIME, alert.get("endsAt"));
        assertTrue(
            ((String) alert.get("generatorURL")).startsWith(agentUrl + "/"),
            "generatorURL " + alert.get("generatorURL") + " points at the agent " + agentUrl);
        assertEquals(inAlertmanager.generatorUrl(), alert.get("generatorURL"));
        assertEquals(inAlertmanager.fingerprint(), alert.get("fingerprint"));
        assertEquals(
            200, get(alert.get("generatorURL").toString()).statusCode(), "generatorURL answers");
        agent.stopCleanly();
      }
    }
  }

  /**
   * An agent started ignoring SIGHUP (as under {@code nohup}) cannot handle it: the JVM keeps it
   * ignored. It says so at start, and SIGHUP neither reloads nor stops it.
   */
  @Test
  void anAgentStartedIgnoringSighupSaysSo() throws Exception {
    StateDir state = new StateDir(workDir, "ignored-hup");
    Path config = state.config(Map.of("log", "{type: log}"));
    int port = Ports.freeLoopbackPort();
    Path log = Files.createTempFile(workDir, "kshealth-", ".log");
    ProcessBuilder builder =
        kshealth
            .command(
                workDir,
                Map.of(),
                List.of("run", "--config", config.toString(), "--listen", "127.0.0.1:" + port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    List<String> command = new ArrayList<>(builder.command());
    command.set(command.indexOf("--default-signal=HUP"), "--ignore-signal=HUP");
    builder.command(command);
    try (Daemon agent = new Daemon(builder.start(), port, log)) {
      agent.awaitReady();
      assertTrue(
          agent.log().contains("SIGHUP is ignored in this process"),
          "says so at start:\n" + agent.log());
      Signal.send("HUP", agent.pid());
      awaitEvaluations(agent, evaluations(agent) + 2);
      assertTrue(agent.isAlive(), "SIGHUP did not stop it");
      assertEquals(1.0, reloadSuccess(agent), "nor reloaded it (the start's load stands)");
      agent.stopCleanly();
    }
  }

  /**
   * A broken rules file, by {@code POST /-/reload} or SIGHUP, leaves the old rules running and says
   * where the error is; a fixed one takes effect.
   */
  @Test
  void aBrokenReloadKeepsTheOldRulesAndAFixedOneTakesEffect() throws Exception {
    StateDir state = new StateDir(workDir, "reload");
    Path config = state.config(Map.of("am", alertmanagerNotifier(alertmanager)));
    try (Daemon agent = kshealth.start(workDir, Map.of(), config)) {
      agent.awaitReady();
      String agentUrl = agentUrl(agent);
      state.awaitWatched(agent);
      state.grow();
      awaitFiring(agent, state);
      assertEquals(1.0, reloadSuccess(agent), "the rules loaded at start");

      // A broken expression, by POST: 500 naming file and line, the old rule keeps firing.
      Files.writeString(state.rules, rules("value >", "3s"));
      HttpResponse<String> broken = post(agentUrl + "/-/reload");
      assertEquals(500, broken.statusCode(), broken::body);
      assertTrue(
          broken.body().contains("rules.yaml:" + EXPR_LINE + ":"),
          "names file:line: " + broken.body());
      assertEquals(0.0, reloadSuccess(agent));
      awaitEvaluations(agent, evaluations(agent) + 2);
      assertEquals("firing", agentAlert(agent, state).orElseThrow().state());
      assertEquals(1, alertmanager.alerts(state.match()).size());

      // Fixed, with a threshold above the file: 200, and the alert resolves under the new rule.
      Files.writeString(state.rules, rules("value > " + 2 * THRESHOLD_BYTES + ".0", "3s"));
      HttpResponse<String> fixed = post(agentUrl + "/-/reload");
      assertEquals(200, fixed.statusCode(), fixed::body);
      assertEquals(1.0, reloadSuccess(agent));
      awaitOrExplain(
          agent,
          "Alertmanager told of the resolution",
          () -> alertmanager.alerts(state.match()).isEmpty());

      // A broken duration, by SIGHUP: the failure shows in the metric and the log.
      Files.writeString(state.rules, rules("value > " + THRESHOLD_BYTES + ".0", "3 seconds"));
      Signal.send("HUP", agent.pid());
      awaitOrExplain(agent, "the SIGHUP's reload failing", () -> reloadSuccess(agent) == 0.0);
      assertTrue(
          agent.log().contains("rules.yaml:" + FOR_LINE + ":"),
          "the log names file:line:\n" + agent.log());
      awaitEvaluations(agent, evaluations(agent) + 2);
      assertNotEquals(
          "firing",
          agentAlert(agent, state).map(AgentAlert::state).orElse("none"),
          "still the raised threshold");

      // Fixed, back to the first threshold, by SIGHUP: the alert fires again.
      Files.writeString(state.rules, rules("value > " + THRESHOLD_BYTES + ".0", "3s"));
      Signal.send("HUP", agent.pid());
      awaitOrExplain(agent, "the SIGHUP's reload succeeding", () -> reloadSuccess(agent) == 1.0);
      awaitFiring(agent, state);
      withinCycles().until(() -> alertmanager.alerts(state.match()), l -> l.size() == 1);
      agent.stopCleanly();
    }
  }

  private void printLogs() {
    printLogs(workDir, alertmanager.log());
  }

  /**
   * Prints every {@code *.log} under {@code dir}, then {@code more}: what CI keeps of a failure.
   */
  static void printLogs(Path dir, Path... more) {
    List<Path> logs = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().forEach(logs::add);
    } catch (IOException e) {
      System.out.println("cannot list " + dir + ": " + e);
    }
    logs.addAll(List.of(more));
    for (Path log : logs) {
      try {
        System.out.println("----- " + log + "\n" + Files.readString(log));
      } catch (IOException e) {
        System.out.println("----- " + log + ": " + e);
      }
    }
  }

  /**
   * A state dir of one application whose one store the test fills and empties, the agent config
   * that watches it, and the rules file beside that config.
   */
  static final class StateDir {
    final String applicationId;
    final Path dir;
    final Path store;
    final Path rules;
    final Path data;
    private final Path workDir;

    StateDir(Path workDir, String name) throws IOException {
      this.workDir = workDir;
      this.applicationId = "alerting-" + name;
      this.dir = workDir.resolve("state");
      this.store = dir.resolve(applicationId).resolve("0_0").resolve("rocksdb").resolve("store");
      this.rules = workDir.resolve("rules.yaml");
      this.data = workDir.resolve("data");
      Files.createDirectories(store);
      Files.writeString(rules, AlertingIT.rules("value > " + THRESHOLD_BYTES + ".0", "3s"));
    }

    /** Pushes the application's bytes on disk over the threshold. */
    void grow() throws IOException {
      Files.write(store.resolve("000042.sst"), new byte[BIG_FILE_BYTES]);
    }

    /** Back to nothing: the store stays, empty. */
    void shrink() throws IOException {
      Files.delete(store.resolve("000042.sst"));
    }

    /** The labels that single out this test's alert. */
    Map<String, String> match() {
      return Map.of("alertname", RULE, "application_id", applicationId);
    }

    /**
     * The alert's identity as receivers get it: the series' labels, the rule's labels, alertname
     * and the agent's external labels.
     */
    Map<String, String> alertLabels() {
      return Map.of(
          "alertname",
          RULE,
          "severity",
          "warning",
          "application_id",
          applicationId,
          "instance",
          INSTANCE);
    }

    /** The agent's config with {@code notifiers}, by name, as YAML flow maps. */
    Path config(Map<String, String> notifiers) throws IOException {
      return config(notifiers, List.of(applicationId));
    }

    /**
     * The same, its state-dir collector watching {@code applicationIds}: this application and those
     * of other state dirs in the same work dir, whose alerts the same agent then raises.
     */
    Path config(Map<String, String> notifiers, List<String> applicationIds) throws IOException {
      String notifierLines =
          notifiers.entrySet().stream()
              .map(e -> "    " + e.getKey() + ": " + e.getValue() + "\n")
              .sorted()
              .collect(Collectors.joining());
      return Files.writeString(
          workDir.resolve("kshealth.yaml"),
          "http: {listen: \"127.0.0.1:0\"}\n"
              + "history: {data-dir: \""
              + data
              + "\"}\n"
              + "collectors:\n"
              + "  state-dir: {type: state-dir, path: \""
              + dir
              + "\", application-ids: ["
              + String.join(", ", applicationIds)
              + "], interval: "
              + COLLECTOR_INTERVAL.toSeconds()
              + "s, timeout: 1s}\n"
              + "alerting:\n"
              + "  rules: [rules.yaml]\n"
              + "  evaluation-interval: "
              + EVALUATION_INTERVAL.toSeconds()
              + "s\n"
              + "  resend-delay: 2s\n"
              + "  external-labels: {instance: "
              + INSTANCE
              + "}\n"
              + "  notifiers:\n"
              + notifierLines
              + "  outbox: {max-entries: 100, retry-min: 200ms, retry-max: 2s}\n");
    }

    /** Waits until the rule has evaluated this application's series, below the threshold. */
    void awaitWatched(Daemon agent) {
      withinCycles()
          .until(
              () -> {
                List<Series> metrics = metrics(agent);
                return metrics.stream()
                        .anyMatch(
                            s ->
                                s.name().equals("kshealth_state_app_disk_bytes")
                                    && s.has(Map.of("application_id", applicationId))
                                    && s.value() < THRESHOLD_BYTES)
                    && evaluations(metrics) > 0;
              });
    }
  }

  /**
   * The rules file, with {@code expr} on line {@value #EXPR_LINE} and {@code for} on line {@value
   * #FOR_LINE}.
   */
  static String rules(String expr, String forDuration) {
    return "groups:\n"
        + "- name: state\n"
        + "  rules:\n"
        + "  - alert: "
        + RULE
        + "\n"
        + "    series: kshealth_state_app_disk_bytes\n"
        + "    expr: "
        + expr
        + "\n"
        + "    for: "
        + forDuration
        + "\n"
        + "    labels: {severity: warning}\n"
        + "    annotations:\n"
        + "      summary: \"{{ labels.application_id }} holds {{ humanize1024(value) }}B\"\n";
  }

  /** The agent's notifier that sends every alert to each of {@code replicas}. */
  static String alertmanagerNotifier(Alertmanager... replicas) {
    return Stream.of(replicas)
        .map(r -> "\"" + r.url() + "\"")
        .collect(Collectors.joining(", ", "{type: alertmanager, urls: [", "]}"));
  }

  static String webhookNotifier(WebhookReceiver hook) {
    return "{type: webhook, url: \"" + hook.url() + "/hook\"}";
  }

  /**
   * One alert of the agent's {@code GET /api/v1/alerts}.
   *
   * @param firedAt when it started firing, if the agent reports it
   */
  record AgentAlert(
      Map<String, String> labels,
      String state,
      Instant activeAt,
      Optional<Instant> firedAt,
      Map<?, ?> raw) {}

  /** The agent's alert that the first poll saw firing, and its evaluation count right then. */
  record Firing(AgentAlert alert, double evaluations) {}

  static List<AgentAlert> agentAlerts(Daemon agent) throws IOException, InterruptedException {
    HttpResponse<byte[]> response = agent.get("/api/v1/alerts");
    String body = new String(response.body(), UTF_8);
    assertEquals(200, response.statusCode(), body);
    Map<?, ?> root = Json.object(Json.parse(body));
    Object data = root.containsKey("data") ? root.get("data") : root;
    List<AgentAlert> alerts = new ArrayList<>();
    for (Object item : Json.array(Json.object(data).get("alerts"))) {
      Map<?, ?> alert = Json.object(item);
      Object firedAt = alert.get("firedAt");
      alerts.add(
          new AgentAlert(
              Alertmanager.strings(alert.get("labels")),
              (String) alert.get("state"),
              Alertmanager.time(alert.get("activeAt")),
              firedAt == null ? Optional.empty() : Optional.of(Alertmanager.time(firedAt)),
              alert));
    }
    return alerts;
  }

  static Optional<AgentAlert> agentAlert(Daemon agent, StateDir state)
      throws IOException, InterruptedException {
    return agentAlerts(agent).stream()
        .filter(a -> a.labels().entrySet().containsAll(state.match().entrySet()))
        .findFirst();
  }

  /**
   * Polls the agent's alerts until this one fires; the evaluation count is read right after the
   * poll that first shows it firing.
   */
  static Firing awaitFiring(Daemon agent, StateDir state) throws IOException, InterruptedException {
    AgentAlert alert =
        withinCycles()
            .until(
                () -> agentAlert(agent, state),
                a -> a.isPresent() && a.get().state().equals("firing"))
            .orElseThrow();
    return new Firing(alert, evaluations(agent));
  }

  /**
   * Alertmanager's startsAt is the agent's firing time: no earlier than {@code activeAt + for}, and
   * at most {@link #FIRING_SLACK} later.
   */
  static void assertStartedWhenFired(AgentAlert agentView, Instant startsAt) {
    Instant earliest = agentView.activeAt().plus(FOR).truncatedTo(ChronoUnit.MILLIS);
    Instant latest = agentView.activeAt().plus(FOR).plus(FIRING_SLACK);
    assertFalse(
        startsAt.isBefore(earliest),
        "startsAt " + startsAt + " before activeAt + for " + earliest + ": " + agentView);
    assertFalse(
        startsAt.isAfter(latest),
        "startsAt " + startsAt + " later than activeAt + for + " + FIRING_SLACK + ": " + agentView);
    agentView
        .firedAt()
        .ifPresent(
            firedAt ->
                assertEquals(
                    firedAt.truncatedTo(ChronoUnit.MILLIS),
                    startsAt,
                    "startsAt is the agent's firing time"));
  }

  /** The alerts for this test in webhook payloads so far, of one status, in order. */
  static List<Map<?, ?>> webhookAlerts(WebhookReceiver hook, StateDir state, String status) {
    List<Map<?, ?>> found = new ArrayList<>();
    for (Map<?, ?> payload : hook.received()) {
      for (Object item : Json.array(payload.get("alerts"))) {
        Map<?, ?> alert = Json.object(item);
        Map<String, String> labels = Alertmanager.strings(alert.get("labels"));
        if (labels.entrySet().containsAll(state.match().entrySet())
            && status.equals(alert.get("status"))) {
          found.add(alert);
        }
      }
    }
    return found;
  }

  /** The first alert for this test that Alertmanager sent the pager with {@code status}. */
  static Map<?, ?> awaitPagerAlert(StateDir state, String status) {
    return withinCycles()
        .until(() -> webhookAlerts(pager, state, status), l -> !l.isEmpty())
        .get(0);
  }

  static String describe(WebhookReceiver hook) {
    return hook.requests().stream()
        .map(r -> r.status() + " " + r.path() + " " + r.body())
        .collect(Collectors.joining("\n"));
  }

  /** A time of a payload to Alertmanager's precision, milliseconds. */
  static Instant millis(Object rfc3339) {
    return Alertmanager.time(rfc3339).truncatedTo(ChronoUnit.MILLIS);
  }

  static List<Series> metrics(Daemon agent) throws IOException, InterruptedException {
    HttpResponse<byte[]> response = agent.get("/metrics");
    assertEquals(200, response.statusCode());
    return Series.parse(new String(response.body(), UTF_8));
  }

  static double evaluations(Daemon agent) throws IOException, InterruptedException {
    return evaluations(metrics(agent));
  }

  static double evaluations(List<Series> metrics) {
    return metrics.stream()
        .filter(s -> s.name().equals("kshealth_rule_evaluations_total"))
        .mapToDouble(Series::value)
        .sum();
  }

  /** Awaitility for anything a few evaluation cycles bring about, with the class's hang guard. */
  static ConditionFactory withinCycles() {
    return await().atMost(CYCLES).pollInterval(POLL);
  }

  /**
   * Waits as {@link #withinCycles()} does; on timeout, fails with what the agent says of its
   * notifiers (their series and {@code /api/v1/status}), its process state and threads, and its
   * log, which tell an alert never handed to a notifier from one stuck in its delivery, and a
   * signal never handled from a handler that hangs.
   */
  static void awaitOrExplain(Daemon agent, String what, Callable<Boolean> condition)
      throws IOException, InterruptedException {
    try {
      withinCycles().until(condition);
    } catch (ConditionTimeoutException e) {
      String notifiers =
          metrics(agent).stream()
              .filter(m -> m.name().startsWith("kshealth_notifications_"))
              .map(Series::toString)
              .collect(Collectors.joining("\n"));
      throw new AssertionError(
          what
              + ": not within "
              + CYCLES
              + "\nnotifier series:\n"
              + notifiers
              + "\nstatus: "
              + get(agentUrl(agent) + "/api/v1/status").body()
              + "\nprocess: "
              + Files.readString(Path.of("/proc", Long.toString(agent.pid()), "stat"))
              + "\nthreads:\n"
              + Exec.run(
                      new ProcessBuilder(
                          // A stopped or hung JVM never answers jcmd.
                          "timeout",
                          "20",
                          Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                          Long.toString(agent.pid()),
                          "Thread.print"))
                  .describe()
              + "\nlog:\n"
              + agent.log(),
          e);
    }
  }

  static void awaitEvaluations(Daemon agent, double atLeast) {
    withinCycles().until(() -> evaluations(agent) >= atLeast);
  }

  static double notificationsFailed(Daemon agent, String notifier)
      throws IOException, InterruptedException {
    return metrics(agent).stream()
        .filter(
            s ->
                s.name().equals("kshealth_notifications_failed_total")
                    && s.has(Map.of("notifier", notifier)))
        .mapToDouble(Series::value)
        .sum();
  }

  static double reloadSuccess(Daemon agent) throws IOException, InterruptedException {
    return Series.sum(metrics(agent), "kshealth_rules_last_reload_success", Map.of());
  }

  private static final Pattern LISTENING = Pattern.compile("listening on (\\S+:\\d+)");

  /** {@code http://HOST:PORT}, where the agent says it listens. */
  static String agentUrl(Daemon agent) throws IOException {
    Matcher m = LISTENING.matcher(agent.log());
    assertTrue(m.find(), "the agent says where it listens:\n" + agent.log());
    return "http://" + m.group(1);
  }

  static HttpResponse<String> post(String url) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
