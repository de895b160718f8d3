package io.kshealth.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.demo.driver.AppEvent;
import io.kshealth.demo.driver.Clients;
import io.kshealth.demo.driver.InputGenerator;
import io.kshealth.demo.driver.SampleApp;
import io.kshealth.demo.driver.SampleAppOptions;
import io.kshealth.demo.driver.Series;
import io.kshealth.it.testbed.TestBed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A clean restart of the app (a new JVM on the same JMX port and state dir) fires nothing, even
 * when the new JVM holds its client back for longer than the rules' {@code for}: the old client's
 * series end when its JVM goes, for {@code /metrics}, for the rules and for the history's series
 * count. With a new {@code application.id}, the lag collector follows the new group.
 *
 * <p>The agent runs the distribution's rule pack with the demo's config (every collector and the
 * rules every second), its alerts sent to a webhook receiver. The pack's {@code for}s of the rules
 * a vanished client would trip (KafkaStreamsClientNotRunning, 2 minutes; KafkaStreamsThreadsDead, 1
 * minute) are shortened to {@value #FOR_CYCLES} collection cycles, and the new client is held back
 * {@link #HOLD_BACK}: that {@code for}, two evaluations, and the new JVM's own start. The lag rules
 * keep their production {@code for}s (KafkaStreamsLagStopped: 2 minutes): the app truly consumes
 * nothing while its client is held back, which they may report once it lasts that long.
 */
class AppRestartIT {

  static final int FOR_CYCLES = 5;

  /** {@value #FOR_CYCLES} cycles of {@code for}, two evaluations, and as much again to spare. */
  static final Duration HOLD_BACK = Duration.ofSeconds(2L * (FOR_CYCLES + 2) + 1);

  /** Evaluations watched after the new client runs: the old client's alerts would be firing. */
  static final int AFTER_EVALUATIONS = 2 * FOR_CYCLES + 5;

  /**
   * The history's ended series: the old client's move there (the live count also takes the new
   * JVM's own series, so it need not fall).
   */
  static final Map<String, String> ENDED = Map.of("state", "ended");

  /** A rule over the client's state, which an ended client must leave. */
  static final String CLIENT_RULE = "KafkaStreamsClientNotRunning";

  static final Map<String, String> PARAMETERS =
      Map.of(
          "streams_client_not_running_for", FOR_CYCLES + "s",
          "streams_threads_dead_for", FOR_CYCLES + "s",
          "streams_client_gone_for", FOR_CYCLES + "s");

  @Test
  void aCleanRestartWithTheClientHeldBackFiresNothingAndEndsTheOldClientsSeries(@TempDir Path dir)
      throws Exception {
    SampleAppOptions options = TestBed.newApp("restart", dir);
    try (WebhookReceiver hook = WebhookReceiver.start();
        InputGenerator input =
            InputGenerator.start(TestBed.bootstrapServers(), options.topics(), 50);
        SampleApp first = SampleApp.start(options).awaitRunning();
        RulePackAgent agent = start(dir, options, hook, options.applicationId())) {
      String oldClient = awaitClient(agent);
      agent.until("some evaluations of the running app", l -> l.evaluations() >= 10);
      double endedBefore = sum(metrics(agent), "kshealth_history_series", ENDED);
      long ruleSeriesBefore = ruleSeries(agent, CLIENT_RULE);

      first.stop();
      long streamsRunsAtStop = runs(agent, "streams");
      try (SampleApp second = SampleApp.start(options.withStartDelay(HOLD_BACK))) {
        agent.until(
            "two streams collector runs after the old JVM exited",
            l -> runs(agent, "streams") >= streamsRunsAtStop + 2);
        long evaluated = agent.look().evaluations();
        agent.until("an evaluation after those runs", l -> l.evaluations() > evaluated);
        List<Series> afterTwoRuns = metrics(agent);
        double endedAfter = sum(afterTwoRuns, "kshealth_history_series", ENDED);
        long ruleSeriesAfter = ruleSeries(agent, CLIENT_RULE);
        boolean heldBack = second.events().stream().noneMatch(e -> e.isStateChangeTo("RUNNING"));
        // Streams keeps its process id in the state dir, so the new JVM's client has the old one's
        // id: once the agent has found it, its series are back under that id, in CREATED.
        List<String> oldClientStates =
            afterTwoRuns.stream()
                .filter(s -> s.name().equals("kshealth_streams_client_state") && s.value() == 1.0)
                .filter(s -> oldClient.equals(s.labels().get("client_id")))
                .map(s -> s.labels().get("state"))
                .filter(state -> !state.equals("CREATED"))
                .toList();
        System.out.printf(
            "restart: kshealth_history_series{state=\"ended\"} %.0f before the stop, %.0f two runs after;"
                + " %s evaluated %d series before, %d after%n",
            endedBefore, endedAfter, CLIENT_RULE, ruleSeriesBefore, ruleSeriesAfter);

        second.awaitState("RUNNING", 1, SampleApp.START_TIMEOUT.plus(HOLD_BACK));
        long running = agent.look().evaluations();
        agent.until(
            AFTER_EVALUATIONS + " evaluations after the new client runs",
            l -> l.evaluations() >= running + AFTER_EVALUATIONS);
        assertAll(
            () -> assertTrue(heldBack, "checked while the new client was still held back"),
            () -> assertNothingFired(agent, hook),
            () ->
                assertEquals(
                    List.of(),
                    oldClientStates,
                    "the old client's state left /metrics on the next run (under its id, only the"
                        + " new JVM's client, held back in CREATED, may show)"),
            // The new JVM's client, constructed but not started, has its own state series.
            () ->
                assertTrue(
                    ruleSeriesAfter <= ruleSeriesBefore,
                    CLIENT_RULE
                        + " evaluates the old client's series no more: "
                        + ruleSeriesBefore
                        + " series before the stop, "
                        + ruleSeriesAfter
                        + " after"),
            () ->
                assertTrue(
                    endedAfter > endedBefore,
                    "the history counts the old client's series as ended: "
                        + endedBefore
                        + " ended before the stop, "
                        + endedAfter
                        + " after"));
      }
      assertTrue(input.sent() > 0);
    }
  }

  @Test
  void aRestartWithANewApplicationIdFiresNothingAndTheLagCollectorFollowsIt(@TempDir Path dir)
      throws Exception {
    SampleAppOptions options = TestBed.newApp("rename", dir);
    SampleAppOptions renamed = options.withApplicationId(options.applicationId() + "-b");
    try (Admin admin = TestBed.admin()) {
      Clients.createTopics(admin, renamed.topics());
    }
    // Either id: the agent watches "the app", not one application.id.
    String match =
        "SampleStreamsApp .*--application-id " + Pattern.quote(options.applicationId()) + "(-b)? ";
    try (WebhookReceiver hook = WebhookReceiver.start();
        InputGenerator input =
            InputGenerator.start(TestBed.bootstrapServers(), options.topics(), 50);
        InputGenerator renamedInput =
            InputGenerator.start(TestBed.bootstrapServers(), renamed.topics(), 50);
        SampleApp first = SampleApp.start(options).awaitRunning();
        RulePackAgent agent = start(dir, options, hook, match)) {
      agent.until(
          "the lag collector on the first group",
          l -> reportsGroup(agent, options.applicationId()));
      agent.until("some evaluations of the running app", l -> l.evaluations() >= 10);

      first.stop();
      try (SampleApp second = SampleApp.start(renamed.withStartDelay(HOLD_BACK))) {
        AppEvent running = second.awaitState("RUNNING", 1, SampleApp.START_TIMEOUT.plus(HOLD_BACK));
        long lagRunsAtRunning = runs(agent, "lag");
        System.out.printf("rename: the new client ran at %s%n", running.at());
        agent.until(
            "the lag collector on the new group " + renamed.applicationId(),
            l -> reportsGroup(agent, renamed.applicationId()));
        long lagRuns = runs(agent, "lag") - lagRunsAtRunning;
        System.out.printf("rename: the lag collector followed after %d of its runs%n", lagRuns);
        // Two runs, plus the one that may have been under way when the client came up.
        assertTrue(lagRuns <= 3, "the lag collector followed within two runs: " + lagRuns);
        long followed = runs(agent, "lag");
        agent.until("another lag run", l -> runs(agent, "lag") > followed);
        assertEquals(
            List.of(),
            metrics(agent).stream()
                .filter(s -> options.applicationId().equals(s.labels().get("group")))
                .map(s -> s.name() + s.labels())
                .toList(),
            "the old group's series ended");

        long now = agent.look().evaluations();
        agent.until(
            AFTER_EVALUATIONS + " evaluations after the switch",
            l -> l.evaluations() >= now + AFTER_EVALUATIONS);
        assertNothingFired(agent, hook);
      }
      assertTrue(input.sent() > 0 && renamedInput.sent() > 0);
    }
  }

  private static RulePackAgent start(
      Path dir, SampleAppOptions options, WebhookReceiver hook, String match) throws Exception {
    return RulePackAgent.start(
        dir, options, PARAMETERS, Map.of("hook", AlertingIT.webhookNotifier(hook)), match);
  }

  /** No look showed a firing alert, and the webhook was sent none. */
  private static void assertNothingFired(RulePackAgent agent, WebhookReceiver hook) {
    Set<String> firing = new TreeSet<>();
    agent.looks().forEach(l -> l.inState("firing").forEach(a -> firing.add(a.name() + a.where())));
    assertEquals(Set.of(), firing, "nothing fired on /api/v1/alerts");
    List<String> sent =
        hook.received().stream()
            .flatMap(body -> ((List<?>) body.get("alerts")).stream())
            .map(a -> String.valueOf(((Map<?, ?>) a).get("labels")))
            .collect(Collectors.toList());
    assertEquals(List.of(), sent, "nothing reached the webhook");
  }

  /** The app's one client, once the agent reports it. */
  private static String awaitClient(RulePackAgent agent) throws Exception {
    String[] client = {null};
    agent.until(
        "the app's client on /metrics",
        l -> {
          client[0] =
              metrics(agent).stream()
                  .filter(s -> s.name().equals("kshealth_streams_client_state"))
                  .map(s -> s.labels().get("client_id"))
                  .findFirst()
                  .orElse(null);
          return client[0] != null;
        });
    return client[0];
  }

  private static boolean reportsGroup(RulePackAgent agent, String group) {
    return metrics(agent).stream()
        .anyMatch(
            s -> s.name().equals("kshealth_lag_status") && group.equals(s.labels().get("group")));
  }

  /** How many series the rule {@code alert} evaluated last, from /api/v1/status. */
  private static long ruleSeries(RulePackAgent agent, String alert) throws Exception {
    Map<?, ?> status =
        Json.object(Json.parse(new String(agent.daemon.get("/api/v1/status").body())));
    return Json.array(Json.object(status.get("alerting")).get("rule_health")).stream()
        .map(Json::object)
        .filter(h -> alert.equals(h.get("alert")))
        .mapToLong(h -> ((Number) h.get("series")).longValue())
        .sum();
  }

  private static long runs(RulePackAgent agent, String collector) {
    return (long)
        sum(metrics(agent), "kshealth_collector_runs_total", Map.of("collector", collector));
  }

  private static double sum(List<Series> metrics, String name) {
    return sum(metrics, name, Map.of());
  }

  private static double sum(List<Series> metrics, String name, Map<String, String> match) {
    return Series.sum(metrics, name, match);
  }

  private static List<Series> metrics(RulePackAgent agent) {
    try {
      return Series.parse(new String(agent.daemon.get("/metrics").body(), StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException("GET /metrics", e);
    }
  }
}
