package io.kshealth.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.demo.app.Fault;
import io.kshealth.demo.driver.AgentAlert;
import io.kshealth.demo.driver.ChangelogSeeder;
import io.kshealth.demo.driver.FaultInjector;
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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The shipped rule pack against the sample app: a healthy app fires nothing, and every fault of the
 * test bed fires the rule meant for it, which resolves once the fault is removed. Latency is
 * counted in the agent's rule evaluations (1 s apart). The pack's windows and durations are made
 * for production time scales; a test shortens, through {@code alerting.parameters}, only those it
 * would otherwise wait on, and says which. Each scenario also has a real Prometheus scrape its
 * agent, and every Grafana panel tagged with the scenario must show data there ({@link
 * DashboardPanels}).
 *
 * <p>The scenarios run side by side (each its own app, agent and topics on the shared broker): each
 * mostly waits for evaluations, and counting in evaluations keeps them exact when the machine is
 * busy. Each method, not the class, is concurrent: a concurrent class would also run beside the
 * other classes of its fork, whose end-of-class check kills what is still running (its apps and
 * agents among them).
 */
class RulePackIT {

  /** "At least 100 collection cycles" of a healthy app: evaluations and collections are 1 s. */
  static final int HEALTHY_EVALUATIONS = 100;

  /**
   * The lag forecast's settings in the slow-consumer scenario and in the healthy one, which shows
   * that they do not fire on bursty input: a time-lag objective of 60 s (not 300), rates over 1
   * minute (not 10), a horizon of 90 s (not 30 minutes) and a `for` of 10 s (not 5 minutes).
   */
  static final Map<String, String> FORECAST =
      Map.of(
          "lag_time_slo_seconds", "60.0",
          "lag_forecast_window", "1m",
          "lag_forecast_horizon_seconds", "90.0",
          // 20 evaluations: a starved machine's pause of the healthy app (the forecast went
          // pending, never firing, in 2 of 9 loaded runs) does not page, while the slow consumer
          // still pages well ahead of the breach.
          "lag_forecast_for", "20s");

  static final String FORECAST_ALERT = "KafkaStreamsTimeLagForecast";
  static final String TIME_LAG_ALERT = "KafkaStreamsTimeLagHigh";

  /**
   * A healthy app for 100 evaluations fires nothing, under bursty input (quiet for 20 s, then 10 s
   * at 3 times the mean of 100 events/s) and with the lag forecast as short as the slow-consumer
   * scenario sets it; then its threads die (a poison record, the JVM lives on):
   * KafkaStreamsClientGone fires, and resolves once a restarted JVM runs.
   */
  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void aHealthyAppFiresNothingThenThreadDeathFiresClientGoneUntilARestart(@TempDir Path dir)
      throws Exception {
    SampleAppOptions options = TestBed.newApp("pack-healthy", dir);
    try (InputGenerator input =
            InputGenerator.start(TestBed.bootstrapServers(), options.topics(), 100);
        SampleApp first = SampleApp.start(options);
        RulePackAgent agent = RulePackAgent.start(dir, options, FORECAST);
        DashboardPanels panels = DashboardPanels.watch(dir, agent, options);
        FaultInjector faults = new FaultInjector(TestBed.bootstrapServers())) {
      input.setMode(InputGenerator.Mode.BURSTY);
      long started = agent.look().evaluations();
      agent.until(
          HEALTHY_EVALUATIONS + " evaluations",
          l -> l.evaluations() >= started + HEALTHY_EVALUATIONS);
      Set<String> firing = new TreeSet<>();
      Set<String> pending = new TreeSet<>();
      agent
          .looks()
          .forEach(
              l -> {
                l.inState("firing").forEach(a -> firing.add(a.name() + a.where()));
                l.inState("pending").forEach(a -> pending.add(a.name()));
              });
      long rulesWithSeries = rulesWithSeries(agent);
      System.out.printf(
          "healthy: %d evaluations over %d looks, %d rules evaluated real series; pending at some"
              + " point: %s%n",
          agent.looks().get(agent.looks().size() - 1).evaluations() - started,
          agent.looks().size(),
          rulesWithSeries,
          pending);
      assertEquals(Set.of(), firing, "a healthy app fires nothing");
      assertTrue(rulesWithSeries >= 20, "the rules saw the app: " + rulesWithSeries);
      AppVerdicts.assertHealthyThroughout("healthy", agent.looks());
      panels.assertEveryPanelShowed("healthy");
      panels.assertEveryQueryRuns("ec2-only");

      List<RecordMetadata> poison = faults.inject(first, Fault.THREAD_DEATH);
      first.awaitState("ERROR", 1, SampleApp.START_TIMEOUT);
      long died = agent.look().evaluations();
      RulePackAgent.Look fired = agent.awaitFiring("KafkaStreamsClientGone");
      report("thread-death", "KafkaStreamsClientGone", fired, died);
      // Where it died: the poison record's partition, the record in [committed, end).
      AlertEvidence.assertStoppedAt(
          AlertEvidence.await(agent, "KafkaStreamsClientGone", "stopped-at"),
          options.topics().events(),
          poison);
      AgentAlert gone = fired.named("KafkaStreamsClientGone", "firing").get(0);
      assertEquals(options.applicationId(), gone.labels().get("application_id"));
      assertTrue(gone.annotations().get("summary").contains(gone.labels().get("client_id")));
      AppVerdicts.awaitArea(agent, "streams", "critical", "KafkaStreamsClientGone");
      RulePackAgent.Look restart = AppVerdicts.awaitLiveFailing(agent, "thread-death", died);
      assertTrue(
          restart.liveReason().contains(" is GONE for ")
              || restart.liveReason().contains(" is ERROR for "),
          restart.liveReason());
      assertEquals(503, restart.ready(), restart.probes());
      panels.assertEveryPanelShowed("thread-death");

      try (SampleApp second = first.restart()) {
        second.awaitRunning();
        agent.awaitResolved("KafkaStreamsClientGone");
        AppVerdicts.awaitBothProbesPass(agent);
      }
      assertTrue(input.sent() > 0);
    }
  }

  /**
   * Every thread blocks inside a record while the client says RUNNING: the lag rules see the
   * committed offsets freeze. A restarted JVM (which ignores the stall records) resolves it.
   */
  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void aStallFiresLagStalledUntilARestart(@TempDir Path dir) throws Exception {
    SampleAppOptions options = TestBed.newApp("pack-stall", dir);
    try (InputGenerator input =
            InputGenerator.start(TestBed.bootstrapServers(), options.topics(), 100);
        SampleApp first = SampleApp.start(options);
        Alertmanager alertmanager = Alertmanager.start(dir.resolve("alertmanager"));
        RulePackAgent agent =
            RulePackAgent.start(
                dir,
                options,
                Map.of(),
                Map.of("am", "{type: alertmanager, urls: [\"" + alertmanager.url() + "\"]}"),
                RulePackAgent.appMatch(options));
        DashboardPanels panels = DashboardPanels.watch(dir, agent, options);
        FaultInjector faults = new FaultInjector(TestBed.bootstrapServers())) {
      first.awaitRunning();
      agent.until("the lag collector's first evaluations", l -> l.evaluations() >= 5);
      List<RecordMetadata> stalls = faults.inject(first, Fault.STALL);
      long stalled = agent.look().evaluations();
      RulePackAgent.Look fired = agent.awaitFiring("KafkaStreamsLagStalled");
      report("stall", "KafkaStreamsLagStalled", fired, stalled);
      // Where it is stuck: a stream thread in the fault switch's wait, and the partitions stopped
      // at the stall records; Alertmanager takes the alert with both in its annotations.
      AlertEvidence.Capture threads =
          AlertEvidence.await(agent, "KafkaStreamsLagStalled", "threads");
      assertTrue(threads.aThreadIsIn("io.kshealth.demo.app.FaultSwitch.await"), threads::toString);
      assertTrue(threads.annotation("stuck_thread").contains("-StreamThread-"), threads::toString);
      AlertEvidence.assertStoppedAt(
          AlertEvidence.await(agent, "KafkaStreamsLagStalled", "stopped-at"),
          options.topics().events(),
          stalls);
      await()
          .atMost(RulePackAgent.TIMEOUT)
          .untilAsserted(
              () -> {
                List<Alertmanager.Alert> inAm =
                    alertmanager.alerts(Map.of("alertname", "KafkaStreamsLagStalled"));
                assertEquals(1, inAm.size(), inAm::toString);
                assertTrue(
                    inAm.get(0).annotations().get("stuck_thread").contains("-StreamThread-"),
                    inAm::toString);
                assertTrue(
                    inAm.get(0).annotations().get("stopped_at").contains(options.topics().events()),
                    inAm::toString);
              });
      assertEquals(
          options.applicationId(),
          fired.named("KafkaStreamsLagStalled", "firing").get(0).labels().get("group"));
      AppVerdicts.awaitArea(agent, "lag", "critical", "KafkaStreamsLagStalled");
      panels.assertEveryPanelShowed("stall");
      RulePackAgent.Look restart = AppVerdicts.awaitLiveFailing(agent, "stall", stalled);
      assertTrue(restart.liveReason().contains("lag STALL"), restart.liveReason());
      assertEquals(200, restart.ready(), "stuck while RUNNING: " + restart.probes());

      try (SampleApp second = first.restart()) {
        second.awaitRunning();
        agent.awaitResolved("KafkaStreamsLagStalled");
        AppVerdicts.awaitBothProbesPass(agent);
      }
      assertTrue(input.sent() > 0);
    }
  }

  /**
   * Every event takes 100 ms from the slow-consumer record on: the app's 2 threads process about 20
   * of the 100 events/s that come in, still RUNNING and committing, so the time lag grows by about
   * 0.8 s a second. The lag forecast ({@link #FORECAST}: a 60 s objective) fires while the time lag
   * is still under the objective, and the objective is passed after it (KafkaStreamsTimeLagHigh,
   * its `for` 10 s, not 2 minutes); a restarted JVM (which ignores the record) catches up.
   */
  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void aSlowConsumerFiresTheTimeLagForecastBeforeTheObjectiveIsPassed(@TempDir Path dir)
      throws Exception {
    SampleAppOptions options = TestBed.newApp("pack-slow-consumer", dir);
    Map<String, String> parameters = new TreeMap<>(FORECAST);
    parameters.put("lag_time_for", "10s");
    try (InputGenerator input =
            InputGenerator.start(TestBed.bootstrapServers(), options.topics(), 100);
        SampleApp first = SampleApp.start(options);
        RulePackAgent agent = RulePackAgent.start(dir, options, parameters);
        FaultInjector faults = new FaultInjector(TestBed.bootstrapServers())) {
      first.awaitRunning();
      // The forecast waits until the committed offsets, which start at the app's first commit,
      // have a window's points: a healthy app's first window, then the fault.
      long running = agent.look().evaluations();
      agent.until("a forecast window of the app running", l -> l.evaluations() >= running + 60);
      faults.inject(first, Fault.SLOW_CONSUMER);
      long slowed = agent.look().evaluations();
      RulePackAgent.Look fired = agent.awaitFiring(FORECAST_ALERT);
      double timeLag = worstTimeLag(agent);
      report("slow-consumer", FORECAST_ALERT, fired, slowed);
      AgentAlert forecast = fired.named(FORECAST_ALERT, "firing").get(0);
      System.out.printf(
          "slow-consumer: the forecast fired with the worst time lag at %.1f s: %s%n",
          timeLag, forecast.annotations().get("summary"));
      assertEquals(Map.of("group", options.applicationId()), forecast.where(), "once per group");
      assertTrue(
          fired.named(TIME_LAG_ALERT, "firing").isEmpty()
              && fired.named(TIME_LAG_ALERT, "pending").isEmpty(),
          "the objective was not passed yet: " + RulePackAgent.describe(fired.alerts()));
      assertTrue(timeLag < 60, "the time lag under the objective: " + timeLag);

      // The breach: the evaluation that first saw the time lag above the objective.
      RulePackAgent.Look breached =
          agent.until(
              TIME_LAG_ALERT + " pending or firing",
              l ->
                  !l.named(TIME_LAG_ALERT, "pending").isEmpty()
                      || !l.named(TIME_LAG_ALERT, "firing").isEmpty());
      System.out.printf(
          "slow-consumer: the forecast fired %d evaluation(s) before the objective was passed%n",
          breached.evaluations() - fired.evaluations());
      assertTrue(breached.evaluations() > fired.evaluations());
      agent.awaitFiring(TIME_LAG_ALERT);

      try (SampleApp second = first.restart()) {
        second.awaitRunning();
        agent.awaitResolved(TIME_LAG_ALERT);
      }
      assertTrue(input.sent() > 0);
    }
  }

  /** The worst time lag of every group the agent reads now, in seconds. */
  private static double worstTimeLag(RulePackAgent agent) throws Exception {
    List<Series> metrics =
        Series.parse(new String(agent.daemon.get("/metrics").body(), StandardCharsets.UTF_8));
    return metrics.stream()
        .filter(m -> m.name().equals("kshealth_lag_max_seconds"))
        .mapToDouble(Series::value)
        .max()
        .orElseThrow(() -> new AssertionError("no kshealth_lag_max_seconds on /metrics"));
  }

  /**
   * One record takes twice {@code max.poll.interval.ms} (3 s) on every retry: the member is put out
   * of the group again and again. The storm window is shortened to 2 minutes, and the poll-interval
   * alert keeps firing 10 s (not 5 minutes) after its last reading.
   */
  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void aSlowRecordFiresRebalanceStormUntilARestart(@TempDir Path dir) throws Exception {
    SampleAppOptions options =
        TestBed.newApp("pack-slow-record", dir).withMaxPollInterval(Duration.ofSeconds(3));
    try (InputGenerator input =
            InputGenerator.start(TestBed.bootstrapServers(), options.topics(), 20);
        SampleApp first = SampleApp.start(options);
        RulePackAgent agent =
            RulePackAgent.start(
                dir,
                options,
                Map.of(
                    "streams_rebalance_storm_window",
                    "2m",
                    "streams_poll_interval_keep_firing_for",
                    "10s"));
        DashboardPanels panels = DashboardPanels.watch(dir, agent, options);
        FaultInjector faults = new FaultInjector(TestBed.bootstrapServers())) {
      first.awaitRunning();
      agent.until("the streams collector's first evaluations", l -> l.evaluations() >= 5);
      AppVerdicts.awaitBothProbesPass(agent);
      // A start slowed by a busy machine can leave the threads unpolled for longer than half the
      // 3 s limit: KafkaStreamsPollIntervalNearLimit then fires before the fault, and its thread
      // capture (taken when it goes pending) shows the start. Its evidence must be the fault's, so
      // the fault comes once it is quiet (it keeps firing 10 s here, not 5 minutes).
      agent.until(
          "no KafkaStreamsPollIntervalNearLimit left from the start",
          l ->
              l.named("KafkaStreamsPollIntervalNearLimit", "firing").isEmpty()
                  && l.named("KafkaStreamsPollIntervalNearLimit", "pending").isEmpty());
      List<RecordMetadata> slowRecords = faults.inject(first, Fault.SLOW_RECORD);
      int injectedLook = agent.looks().size();
      long injected = agent.look().evaluations();
      RulePackAgent.Look fired = agent.awaitFiring("KafkaStreamsRebalanceStorm");
      report("slow-record", "KafkaStreamsRebalanceStorm", fired, injected);
      // Once per client (both its threads are put out of the group), not once per thread.
      List<AgentAlert> storms = fired.named("KafkaStreamsRebalanceStorm", "firing");
      assertEquals(1, storms.size(), storms::toString);
      assertTrue(!storms.get(0).labels().containsKey("thread"), storms::toString);
      // Where it is slow: the thread that has not polled for half of max.poll.interval.ms (which
      // the agent is told, as the app's) is inside the slow record when its alert goes pending.
      // The storm's captures come just after a rebalance and the stall's may find the thread
      // closing its tasks, so they are not asked to show the record.
      agent.awaitFiring("KafkaStreamsPollIntervalNearLimit");
      AlertEvidence.Capture slow =
          AlertEvidence.await(
              agent,
              List.of("KafkaStreamsPollIntervalNearLimit"),
              "threads",
              c -> c.aThreadIsIn("io.kshealth.demo.app.FaultSwitch.await"));
      assertTrue(slow.annotation("stuck_thread").contains("-StreamThread-"), slow::toString);
      // Where it stopped: the slow record's partition, which commits nothing past the record that
      // is taken away from each member before its commit (the group reads STALL).
      AlertEvidence.assertStoppedAt(
          AlertEvidence.await(agent, "KafkaStreamsLagStalled", "stopped-at"),
          options.topics().events(),
          slowRecords);
      AppVerdicts.awaitArea(agent, "streams", "warning", "KafkaStreamsRebalanceStorm");
      panels.assertEveryPanelShowed("slow-record");
      AppVerdicts.assertProbesPassedSince(agent.looks(), injectedLook);

      try (SampleApp second = first.restart()) {
        second.awaitRunning();
        agent.awaitResolved("KafkaStreamsRebalanceStorm");
      }
      assertTrue(input.sent() > 0);
    }
  }

  /**
   * A restore from the changelog, with input waiting, whose ETA exceeds the budget (here 5 s, not
   * 30 min): KafkaStreamsRestoreTooSlow fires while it restores and resolves when it ends. The
   * restoring tasks' input waits, yet KafkaStreamsLagStalled never fires through a restore of more
   * than three times its {@code for} (10 s): the client reads REBALANCING while its tasks restore,
   * and the lag collector reads a REBALANCING client's partitions as starting, not stalled.
   * Liveness stays 200.
   */
  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void aLongRestoreFiresRestoreTooSlowNotLagStalledUntilItEnds(@TempDir Path dir) throws Exception {
    SampleAppOptions options = TestBed.newApp("pack-restore", dir);
    ChangelogSeeder.seed(TestBed.bootstrapServers(), options.applicationId(), 1_000_000);
    try (InputGenerator input =
        InputGenerator.start(TestBed.bootstrapServers(), options.topics(), 100)) {
      SampleApp first = SampleApp.start(options).awaitRunning();
      try (RulePackAgent agent =
              RulePackAgent.start(
                  dir,
                  options,
                  Map.of(
                      "streams_restore_eta_budget_seconds",
                      "5.0",
                      "streams_restore_too_slow_for",
                      "0s"));
          DashboardPanels panels = DashboardPanels.watch(dir, agent, options);
          // About 50 s of restore on a quiet machine; longer on a busy one.
          SampleApp app = first.restartWithWipedState(Duration.ofMillis(100))) {
        int restartedLook = agent.looks().size();
        long restarted = agent.look().evaluations();
        long sentAtRestart = input.sent();
        RulePackAgent.Look fired = agent.awaitFiring("KafkaStreamsRestoreTooSlow");
        report("restore", "KafkaStreamsRestoreTooSlow", fired, restarted);
        assertTrue(input.sent() > sentAtRestart, "input arrives while the app restores");
        RulePackAgent.Look slow =
            AppVerdicts.awaitArea(agent, "streams", "warning", "KafkaStreamsRestoreTooSlow");
        assertTrue(
            Json.object(slow.area("streams").get("facts")).containsKey("restore_eta_seconds"),
            "the verdict gives the restore's ETA: " + slow.area("streams"));
        panels.assertEveryPanelShowed("restore");
        agent.awaitResolved("KafkaStreamsRestoreTooSlow");
        assertEquals("RUNNING", app.awaitRunning().state());
        AppVerdicts.awaitBothProbesPass(agent);
        List<RulePackAgent.Look> looks = agent.looks().subList(restartedLook, agent.looks().size());
        AppVerdicts.assertNotReadyWhileFirstRestore(looks, 0);
        assertNoStallThroughTheRestore(looks);
      } finally {
        first.close();
      }
    }
  }

  /**
   * The restore lasted at least three times the stall rule's {@code for} (10 s, 10 evaluations),
   * and the stall rule never fired.
   */
  private static void assertNoStallThroughTheRestore(List<RulePackAgent.Look> looks) {
    List<RulePackAgent.Look> restoring =
        looks.stream().filter(l -> l.restoreRemaining() > 0).toList();
    assertTrue(!restoring.isEmpty(), "no look saw the restore");
    long restoreEvaluations =
        restoring.get(restoring.size() - 1).evaluations() - restoring.get(0).evaluations();
    System.out.printf(
        "restore: %d evaluation(s) with records left to restore, input waiting%n",
        restoreEvaluations);
    assertTrue(
        restoreEvaluations >= 30,
        "the restore lasted " + restoreEvaluations + " evaluations, not 3 × the stall rule's for");
    for (RulePackAgent.Look l : looks) {
      assertTrue(
          l.named("KafkaStreamsLagStalled", "firing").isEmpty(),
          () -> "KafkaStreamsLagStalled fired at evaluation " + l.evaluations());
    }
  }

  /**
   * RocksDB memory grows inside a 1 GiB cgroup: the headroom's trend (over 1 minute here, not 30,
   * so that the app's own warm-up does not count) reaches 0 within the horizon (the default hour),
   * so KafkaStreamsMemoryLimitApproaching fires while headroom is left, and its summary gives a
   * time within that horizon: the lead time is the forecast it prints. Steady input again resolves
   * it. (A run once printed "in about 50m 44s" and a note read the horizon as 10 minutes; the test
   * never shortened it, and 50m 44s is within the hour the condition used.)
   */
  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void memoryGrowthFiresMemoryLimitApproachingBeforeTheLimit(@TempDir Path dir) throws Exception {
    SampleAppOptions options = TestBed.newApp("pack-memory", dir);
    try (TestCgroup cgroup = TestCgroup.create(options.applicationId(), MEMORY_LIMIT)) {
      try (InputGenerator input =
              InputGenerator.start(TestBed.bootstrapServers(), options.topics(), 100);
          SampleApp app = SampleApp.start(options);
          RulePackAgent agent =
              RulePackAgent.start(
                  dir, options, Map.of("memory_trend_window", "1m", "memory_limit_for", "0s"));
          DashboardPanels panels = DashboardPanels.watch(dir, agent, options)) {
        cgroup.add(app.pid());
        app.awaitRunning();
        // The move into the cgroup drops the headroom from the host's memory to the cgroup's
        // limit: a trend the window must first forget, and the app's warm-up must level off.
        long moved = agent.look().evaluations();
        agent.until(
            "the headroom's trend quiet, more than a trend window after the move",
            l ->
                l.evaluations() > moved + 70
                    && l.named(MEMORY_ALERT, "firing").isEmpty()
                    && l.named(MEMORY_ALERT, "pending").isEmpty());
        input.setMode(InputGenerator.Mode.MEMORY_GROWTH);
        input.setRate(1000);
        int grewLook = agent.looks().size();
        long grew = agent.look().evaluations();
        RulePackAgent.Look fired = agent.awaitFiring(MEMORY_ALERT);
        double headroom = headroom(agent);
        report("memory-growth", MEMORY_ALERT, fired, grew);
        assertTrue(fired.evaluations() > grew, "fired after the growth began, not before");
        String summary = fired.named(MEMORY_ALERT, "firing").get(0).annotations().get("summary");
        System.out.printf(
            "memory-growth: fired with %.0f MiB of headroom left: %s%n",
            headroom / (1 << 20), summary);
        assertTrue(headroom > 0, "the alert comes before the limit");
        assertTrue(
            summarySeconds(summary) <= MEMORY_HORIZON_SECONDS,
            "the summary's time is within the horizon the condition used: " + summary);
        AppVerdicts.awaitArea(agent, "memory", "critical", MEMORY_ALERT);
        panels.assertEveryPanelShowed("memory-growth");
        AppVerdicts.assertProbesPassedSince(agent.looks(), grewLook);

        input.setMode(InputGenerator.Mode.STEADY);
        input.setRate(100);
        agent.awaitResolved(MEMORY_ALERT);
      }
    }
  }

  static final long MEMORY_LIMIT = 1L << 30;

  /** {@code memory_limit_horizon_seconds}, the pack's default. */
  static final double MEMORY_HORIZON_SECONDS = 3600;

  /** The seconds in a summary's "in about 1h 2m 3s", as {@code humanizeDuration} prints them. */
  static double summarySeconds(String summary) {
    Matcher m =
        Pattern.compile("in about (?:(\\d+)d )?(?:(\\d+)h )?(?:(\\d+)m )?([\\d.]+)s")
            .matcher(summary);
    assertTrue(m.find(), "no time in: " + summary);
    double seconds = Double.parseDouble(m.group(4));
    int[] unit = {86400, 3600, 60};
    for (int i = 0; i < unit.length; i++) {
      if (m.group(i + 1) != null) {
        seconds += Long.parseLong(m.group(i + 1)) * unit[i];
      }
    }
    return seconds;
  }

  static final String MEMORY_ALERT = "KafkaStreamsMemoryLimitApproaching";

  private static double headroom(RulePackAgent agent) throws Exception {
    List<Series> metrics =
        Series.parse(new String(agent.daemon.get("/metrics").body(), StandardCharsets.UTF_8));
    return Series.sum(metrics, "kshealth_target_memory_headroom_bytes", Map.of());
  }

  /** How many rules had at least one real series to evaluate, from /api/v1/status. */
  private static long rulesWithSeries(RulePackAgent agent) throws Exception {
    Map<?, ?> status =
        Json.object(Json.parse(new String(agent.daemon.get("/api/v1/status").body())));
    Map<?, ?> alerting = Json.object(status.get("alerting"));
    return Json.array(alerting.get("rule_health")).stream()
        .map(Json::object)
        .filter(h -> ((Number) h.get("series")).longValue() > 0)
        .count();
  }

  private static void report(String scenario, String alert, RulePackAgent.Look fired, long since) {
    System.out.printf(
        "%s: %s fired %d evaluation(s) after the fault; firing then: %s%n",
        scenario,
        alert,
        fired.evaluations() - since,
        fired.inState("firing").stream()
            .map(AgentAlert::name)
            .distinct()
            .collect(Collectors.joining(", ")));
  }
}
