package io.kshealth.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.demo.app.Fault;
import io.kshealth.demo.app.SampleStreamsApp.GroupProtocol;
import io.kshealth.demo.app.SampleTopology;
import io.kshealth.demo.driver.FaultInjector;
import io.kshealth.demo.driver.InputGenerator;
import io.kshealth.demo.driver.SampleApp;
import io.kshealth.demo.driver.SampleAppOptions;
import io.kshealth.demo.driver.Series;
import io.kshealth.it.CollectorRuns.Run;
import io.kshealth.it.testbed.Jmx;
import io.kshealth.it.testbed.TestBed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@code streams} collector against the sample app over remote JMX: its values against the
 * app's own MBeans, a dead client, a paused JVM and a stalled thread, with latency counted in the
 * collector's runs.
 */
class StreamsCollectorIT {

  static final Duration TIMEOUT = Duration.ofMillis(800);
  static final Map<String, String> RUNNING = Map.of("state", "RUNNING");
  static final Map<String, String> GONE = Map.of("state", "GONE");

  @ParameterizedTest
  @EnumSource(GroupProtocol.class)
  void reportsWhatTheAppsOwnMBeansSay(GroupProtocol protocol, @TempDir Path dir) throws Exception {
    SampleAppOptions options =
        TestBed.newApp("streams-values-" + protocol.id(), dir).withGroupProtocol(protocol);
    try (SampleApp app = SampleApp.start(options);
        StreamsAgent agent = StreamsAgent.start(dir, StreamsAgent.jmx(app.jmxUrl(), TIMEOUT), "");
        Jmx jmx = Jmx.connect(app.awaitRunning().jmxUrl())) {
      try (InputGenerator input =
          InputGenerator.start(TestBed.bootstrapServers(), options.topics(), 200)) {
        await().atMost(Duration.ofSeconds(60)).until(() -> processedRecords(jmx) > 1000);
        assertTrue(input.sent() > 0);
      }
      awaitIdle(jmx);
      Expected before = Expected.read(jmx);
      double rssBefore = ProcStatus.residentBytes(app.pid());
      Run run = agent.runs.firstStartedAfter(System.currentTimeMillis(), StreamsAgent.RUNS_TIMEOUT);
      assertEquals(before, Expected.read(jmx), "the app was not idle");
      double rssAfter = ProcStatus.residentBytes(app.pid());

      Map<String, String> client =
          Map.of("application_id", options.applicationId(), "client_id", before.clientId());
      assertEquals(1.0, run.get("kshealth_target_up", Map.of("target", "streams")));
      assertEquals(1.0, run.get("kshealth_streams_client_state", with(client, RUNNING)));
      assertEquals(2.0, run.get("kshealth_streams_client_alive_threads", client));
      assertEquals(
          1.0,
          run.get(
              "kshealth_streams_client_info",
              with(client, Map.of("version", before.version(), "recording_level", "INFO"))));
      assertEquals(
          before.processed(), run.sum("kshealth_streams_thread_processed_records_total", client));
      assertEquals(
          before.rebalances(), run.sum("kshealth_streams_thread_rebalances_total", client));
      assertEquals(
          before.assignedPartitions(),
          run.sum("kshealth_streams_thread_assigned_partitions", client));
      for (String store :
          List.of(
              SampleTopology.PROFILES_STORE,
              SampleTopology.COUNT_STORE,
              SampleTopology.WINDOW_STORE)) {
        Map<String, String> labels = with(client, Map.of("store", store));
        assertEquals(
            jmx.sum(Expected.store(store), "block-cache-capacity"),
            run.get("kshealth_rocksdb_block_cache_capacity_bytes", labels),
            store);
        assertEquals(
            jmx.sum(Expected.store(store), "estimate-num-keys"),
            run.get("kshealth_rocksdb_estimated_keys", labels),
            store);
        assertEquals(
            jmx.names(Expected.store(store)).size(),
            run.get("kshealth_rocksdb_store_instances", labels),
            store);
      }
      Map<String, String> target = Map.of("target", "streams");
      assertEquals(before.heapMax(), run.get("kshealth_target_jvm_heap_max_bytes", target));
      double rss = run.get("kshealth_target_process_resident_memory_bytes", target);
      assertTrue(
          rss >= Math.min(rssBefore, rssAfter) * 0.9 && rss <= Math.max(rssBefore, rssAfter) * 1.1,
          "RSS " + rss + " against " + rssBefore + " and " + rssAfter + " from /proc");
      assertTrue(run.value("kshealth_target_offheap_estimate_bytes", target).isPresent());
      assertTrue(run.get("kshealth_target_memory_headroom_bytes", target) > 0);
    }
  }

  /**
   * Thread death: Kafka unregisters every MBean of the client while the JVM lives on. The first run
   * that starts after the MBeans are gone reports the client GONE, and every later one too; while
   * the app started, no run called it gone or missing.
   */
  @Test
  void aDeadClientIsGoneFromTheFirstRunAfterItsDeathOn(@TempDir Path dir) throws Exception {
    SampleAppOptions options = TestBed.newApp("streams-death", dir);
    try (SampleApp app = SampleApp.start(options);
        StreamsAgent agent = StreamsAgent.start(dir, StreamsAgent.jmx(app.jmxUrl(), TIMEOUT), "");
        InputGenerator input =
            InputGenerator.start(TestBed.bootstrapServers(), options.topics(), 50);
        FaultInjector faults = new FaultInjector(TestBed.bootstrapServers());
        Jmx jmx = Jmx.connect(app.awaitRunning().jmxUrl())) {
      Map<String, String> target = Map.of("target", "streams");
      agent.runs.until(
          r -> r.value("kshealth_streams_client_state", RUNNING).orElse(0.0) == 1,
          StreamsAgent.RUNS_TIMEOUT);
      for (Run r : agent.runs.seen()) {
        assertEquals(
            0.0,
            r.value("kshealth_streams_clients", with(target, Map.of("presence", "gone")))
                .orElse(0.0));
        assertEquals(
            0.0,
            r.value("kshealth_streams_clients", with(target, Map.of("presence", "never_appeared")))
                .orElse(0.0));
      }

      faults.inject(app, Fault.THREAD_DEATH);
      app.awaitState("ERROR", 1, Duration.ofSeconds(60));
      await().atMost(Duration.ofSeconds(60)).until(() -> jmx.names("kafka.*:*").isEmpty());
      long goneAt = System.currentTimeMillis();

      Run first = agent.runs.firstStartedAfter(goneAt, StreamsAgent.RUNS_TIMEOUT);
      List<Run> later = agent.runs.next(3, StreamsAgent.RUNS_TIMEOUT);
      for (Run r : concat(first, later)) {
        assertEquals(1.0, r.get("kshealth_target_up", target), "the JVM still answers");
        assertEquals(1.0, r.get("kshealth_streams_client_state", GONE));
        assertEquals(0.0, r.get("kshealth_streams_client_state", RUNNING));
        assertEquals(
            1.0, r.get("kshealth_streams_clients", with(target, Map.of("presence", "gone"))));
        assertEquals(
            0.0, r.get("kshealth_streams_clients", with(target, Map.of("presence", "present"))));
      }
      assertTrue(app.isAlive());
      assertTrue(input.sent() > 0);
    }
  }

  /**
   * SIGSTOP: every run still ends within its timeout and calls the target unresponsive; after
   * SIGCONT the next runs find it up. Then a stalled thread: its poll-interval ratio rises run
   * after run while the client stays RUNNING.
   */
  @Test
  void aPausedJvmIsUnresponsiveAndAStalledThreadsPollRatioRises(@TempDir Path dir)
      throws Exception {
    SampleAppOptions options = TestBed.newApp("streams-paused", dir);
    Map<String, String> target = Map.of("target", "streams");
    try (SampleApp app = SampleApp.start(options);
        StreamsAgent agent = StreamsAgent.start(dir, StreamsAgent.jmx(app.jmxUrl(), TIMEOUT), "");
        InputGenerator input =
            InputGenerator.start(TestBed.bootstrapServers(), options.topics(), 50);
        FaultInjector faults = new FaultInjector(TestBed.bootstrapServers())) {
      app.awaitRunning();
      agent.runs.until(r -> r.get("kshealth_target_up", target) == 1, StreamsAgent.RUNS_TIMEOUT);

      Signal.send("STOP", app.pid());
      try {
        long pausedAt = System.currentTimeMillis();
        Run first = agent.runs.firstStartedAfter(pausedAt, StreamsAgent.RUNS_TIMEOUT);
        for (Run r : concat(first, agent.runs.next(3, StreamsAgent.RUNS_TIMEOUT))) {
          assertEquals(0.0, r.get("kshealth_target_up", target));
          assertEquals(
              1.0,
              r.get("kshealth_target_state", with(target, Map.of("state", "unresponsive"))),
              "a paused JVM is unresponsive, not down");
        }
      } finally {
        Signal.send("CONT", app.pid());
      }
      long resumedAt = System.currentTimeMillis();
      List<Run> after = agent.runs.next(3, StreamsAgent.RUNS_TIMEOUT);
      assertTrue(after.get(0).startedMillis() >= resumedAt - 1000);
      assertEquals(
          1.0,
          after.get(2).get("kshealth_target_up", target),
          "up again within 3 runs of SIGCONT: " + after);

      faults.inject(app, Fault.STALL);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> app.events().stream().filter(e -> e.event().equals("fault")).count() >= 2);
      // The ratio takes the larger of the time since the last poll and the longest recent gap
      // between polls, so it starts to rise once the stall outlasts that gap (a few seconds here).
      List<Run> stalled = agent.runs.next(9, StreamsAgent.RUNS_TIMEOUT);
      double[] ratios =
          stalled.stream()
              .mapToDouble(r -> max(r, "kshealth_streams_thread_poll_interval_ratio"))
              .toArray();
      String all = java.util.Arrays.toString(ratios);
      for (int i = 1; i < ratios.length; i++) {
        assertTrue(ratios[i] >= ratios[i - 1], "the ratio never falls during a stall: " + all);
      }
      for (int i = 6; i < ratios.length; i++) {
        assertTrue(ratios[i] > ratios[i - 2], "the ratio rises run after run: " + all);
      }
      for (Run r : stalled) {
        assertEquals(1.0, r.sum("kshealth_streams_client_state", RUNNING));
      }
      assertTrue(input.sent() > 0);
    }
  }

  private static double max(Run run, String name) {
    return run.series().stream()
        .filter(s -> s.name().equals(name))
        .mapToDouble(Series::value)
        .max()
        .orElseThrow(() -> new AssertionError("no " + name));
  }

  private static List<Run> concat(Run first, List<Run> rest) {
    List<Run> all = new java.util.ArrayList<>(List.of(first));
    all.addAll(rest);
    return all;
  }

  /** The values a run must show, read from the app's MBeans by the test. */
  record Expected(
      String clientId,
      String version,
      double processed,
      double rebalances,
      double assignedPartitions,
      double heapMax) {

    static Expected read(Jmx jmx) throws Exception {
      ObjectName client = jmx.names(SampleAppIT.CLIENT).iterator().next();
      CompositeData heap = (CompositeData) jmx.get("java.lang:type=Memory", "HeapMemoryUsage");
      return new Expected(
          client.getKeyProperty("client-id"),
          (String) jmx.get(client, "version"),
          processedRecords(jmx),
          jmx.sum(COORDINATORS, "rebalance-total"),
          jmx.sum(COORDINATORS, "assigned-partitions"),
          ((Number) heap.get("max")).doubleValue());
    }

    static String store(String store) {
      return "kafka.streams:type=stream-state-metrics,*,rocksdb-"
          + (store.equals(SampleTopology.WINDOW_STORE) ? "window-" : "")
          + "state-id="
          + store;
    }
  }

  static final String THREADS = "kafka.streams:type=stream-thread-metrics,thread-id=*";
  static final String COORDINATORS =
      "kafka.consumer:type=consumer-coordinator-metrics,client-id=*StreamThread*";

  /** Waits until the app's threads have processed nothing new for 3 s. */
  static void awaitIdle(Jmx jmx) {
    double[] last = {-1};
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .during(Duration.ofSeconds(3))
        .until(
            () -> {
              double now = processedRecords(jmx);
              boolean same = now == last[0];
              last[0] = now;
              return same;
            });
  }

  static double processedRecords(Jmx jmx) throws Exception {
    return jmx.sum(THREADS, "process-total");
  }

  static Map<String, String> with(Map<String, String> a, Map<String, String> b) {
    java.util.Map<String, String> all = new java.util.HashMap<>(a);
    all.putAll(b);
    return all;
  }
}
