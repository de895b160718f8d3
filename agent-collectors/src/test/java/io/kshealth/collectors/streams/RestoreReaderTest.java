package io.kshealth.collectors.streams;

import static io.kshealth.collectors.streams.JmxFixture.CLIENT;
import static io.kshealth.collectors.streams.JmxFixture.CLIENT_ID;
import static io.kshealth.collectors.support.jmx.SampleValues.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.api.Labels;
import io.kshealth.api.Sample;
import io.kshealth.collectors.support.jmx.FakeMBean;
import io.kshealth.collectors.support.jmx.StreamsClient;
import io.kshealth.core.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.management.JMException;
import javax.management.ObjectName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reader against MBeans named, and valued, as in the reference dump of a 4.3.1 app. */
class RestoreReaderTest {

  private static final Labels LABELS = CLIENT.labels();
  private static final String REMAINING = "restore-remaining-records-total";

  private final JmxFixture jmx = new JmxFixture();
  private final MutableClock clock = new MutableClock();
  private final RestoreReader reader = new RestoreReader(clock);
  private FakeMBean updater1;
  private FakeMBean updater2;
  private FakeMBean task00;
  private FakeMBean task02;
  private FakeMBean task01;

  @BeforeEach
  void registerDumpedRestoreMBeans() throws JMException {
    updater1 = updater(CLIENT_ID + "-StateUpdater-1");
    updater2 = updater(CLIENT_ID + "-StateUpdater-2");
    task00 = task(CLIENT_ID + "-StreamThread-1", "0_0");
    task02 = task(CLIENT_ID + "-StreamThread-1", "0_2");
    task01 = task(CLIENT_ID + "-StreamThread-2", "0_1");
  }

  private FakeMBean updater(String threadId) throws JMException {
    return jmx.register(
        "kafka.streams:type=stream-state-updater-metrics,thread-id=" + threadId,
        "standby-updating-tasks",
        0.0,
        "restore-records-rate",
        0.0,
        "active-restoring-tasks",
        0.0,
        "active-restore-ratio",
        0.14623069936421434,
        "idle-ratio",
        0.8528610354223434);
  }

  private FakeMBean task(String threadId, String task) throws JMException {
    return jmx.register(
        "kafka.streams:type=stream-task-metrics,thread-id=" + threadId + ",task-id=" + task,
        "record-lateness-avg",
        Double.NaN,
        "restore-rate",
        0.0,
        REMAINING,
        0.0,
        "restore-total",
        0.0,
        "process-total",
        0.0);
  }

  private List<Sample> run() throws Exception {
    return jmx.run(reader, CLIENT);
  }

  /** Runs after the clock moved by {@code seconds}. */
  private List<Sample> runAfter(int seconds) throws Exception {
    clock.advance(Duration.ofSeconds(seconds));
    return run();
  }

  /** The per-client values. */
  private static Map<String, Double> client(List<Sample> samples) {
    return values(samples, LABELS);
  }

  /** The per-task remaining records, by task. */
  private static Map<String, Double> tasks(List<Sample> samples) {
    Map<String, Double> tasks = new TreeMap<>();
    samples.stream()
        .filter(s -> s.metric() == RestoreReader.TASK_REMAINING)
        .forEach(s -> assertEquals(null, tasks.put(s.labels().get("task"), s.value())));
    return tasks;
  }

  private static List<String> taskReads(List<ObjectName> reads) {
    return reads.stream()
        .filter(n -> "stream-task-metrics".equals(n.getKeyProperty("type")))
        .map(n -> n.getKeyProperty("task-id"))
        .sorted()
        .toList();
  }

  private void restoring(double tasks, double rate) {
    updater1.set("active-restoring-tasks", tasks).set("restore-records-rate", rate);
  }

  @Test
  void idleClientReportsNothingRemainingWithoutReadingAnyTask() throws Exception {
    List<Sample> samples = run();
    assertEquals(
        Map.of(
            "kshealth_streams_restoring_tasks", 0.0,
            "kshealth_streams_restore_rate_records_per_second", 0.0,
            "kshealth_streams_restore_remaining_records", 0.0,
            "kshealth_streams_restore_eta_seconds", 0.0),
        client(samples));
    assertEquals(4, samples.size(), samples.toString());
    List<ObjectName> reads = jmx.reads();
    assertEquals(List.of(), taskReads(reads));
    assertEquals(2, reads.size(), "one read per state updater: " + reads);
  }

  @Test
  void etaFromKafkasRestoreRate() throws Exception {
    restoring(2, 500);
    updater2.set("active-restoring-tasks", 1.0).set("restore-records-rate", 250.0);
    task00.set(REMAINING, 3000.0);
    task02.set(REMAINING, 4500.0);
    List<Sample> samples = run();
    assertEquals(
        Map.of(
            "kshealth_streams_restoring_tasks", 3.0,
            "kshealth_streams_restore_rate_records_per_second", 750.0,
            "kshealth_streams_restore_remaining_records", 7500.0,
            "kshealth_streams_restore_eta_seconds", 10.0),
        client(samples));
    // 0_1 has nothing to restore: no series.
    assertEquals(Map.of("0_0", 3000.0, "0_2", 4500.0), tasks(samples));
    assertEquals(List.of("0_0", "0_1", "0_2"), taskReads(jmx.reads()));
  }

  @Test
  void remainingClimbsWhileTasksRegisterThenTheFallGivesTheEta() throws Exception {
    run(); // idle
    restoring(1, 0);
    task00.set(REMAINING, 1000.0);
    Map<String, Double> climbing = client(runAfter(10));
    assertEquals(1000.0, climbing.get("kshealth_streams_restore_remaining_records"));
    assertFalse(climbing.containsKey("kshealth_streams_restore_eta_seconds"), "a climb is no rate");

    restoring(2, 0);
    task02.set(REMAINING, 3000.0);
    Map<String, Double> registered = client(runAfter(10));
    assertEquals(4000.0, registered.get("kshealth_streams_restore_remaining_records"));
    assertFalse(registered.containsKey("kshealth_streams_restore_eta_seconds"));

    // Kafka's rate has no sample (NaN) yet; 1000 records fell in 10 s.
    restoring(2, Double.NaN);
    updater2.set("restore-records-rate", Double.NaN);
    task00.set(REMAINING, 500.0);
    task02.set(REMAINING, 2500.0);
    Map<String, Double> falling = client(runAfter(10));
    assertFalse(falling.containsKey("kshealth_streams_restore_rate_records_per_second"));
    assertEquals(30.0, falling.get("kshealth_streams_restore_eta_seconds"));

    Map<String, Double> stalled = client(runAfter(10));
    assertEquals(3000.0, stalled.get("kshealth_streams_restore_remaining_records"));
    assertFalse(stalled.containsKey("kshealth_streams_restore_eta_seconds"));
  }

  /** Kafka's windowed rate lags a restore's start; the fall the agent saw between runs does not. */
  @Test
  void theObservedFallWinsOverKafkasLaggingRate() throws Exception {
    restoring(1, 1);
    task00.set(REMAINING, 5000.0);
    run();
    task00.set(REMAINING, 4000.0);
    Map<String, Double> falling = client(runAfter(10));
    assertEquals(1.0, falling.get("kshealth_streams_restore_rate_records_per_second"));
    assertEquals(40.0, falling.get("kshealth_streams_restore_eta_seconds"), "4000 at 100/s");
  }

  @Test
  void taskSeriesEndWithOneZeroAndReadingStopsWhenDone() throws Exception {
    restoring(2, 100);
    task00.set(REMAINING, 3000.0);
    task02.set(REMAINING, 2000.0);
    assertEquals(Map.of("0_0", 3000.0, "0_2", 2000.0), tasks(run()));

    restoring(1, 100);
    task00.set(REMAINING, 1000.0);
    task02.set(REMAINING, 0.0);
    assertEquals(Map.of("0_0", 1000.0, "0_2", 0.0), tasks(runAfter(10)));

    // Kafka no longer counts the task as restoring: it is still read once, to see it reach 0.
    restoring(0, 100);
    task00.set(REMAINING, 0.0);
    jmx.reads();
    List<Sample> done = runAfter(10);
    assertEquals(Map.of("0_0", 0.0), tasks(done));
    assertEquals(0.0, client(done).get("kshealth_streams_restore_remaining_records"));
    assertEquals(0.0, client(done).get("kshealth_streams_restore_eta_seconds"));
    assertEquals(3, taskReads(jmx.reads()).size());

    List<Sample> idle = runAfter(10);
    assertEquals(Map.of(), tasks(idle));
    assertEquals(0.0, client(idle).get("kshealth_streams_restore_remaining_records"));
    assertEquals(List.of(), taskReads(jmx.reads()));
  }

  @Test
  void mbeansOfUnknownClientsAreNeitherCountedNorRead() throws Exception {
    String other = "other-app-1234";
    jmx.register(
        "kafka.streams:type=stream-state-updater-metrics,thread-id=" + other + "-StateUpdater-1",
        "active-restoring-tasks",
        4.0,
        "restore-records-rate",
        100.0);
    task(other + "-StreamThread-1", "0_0").set(REMAINING, 9000.0);
    List<Sample> samples = run();
    assertEquals(0.0, client(samples).get("kshealth_streams_restoring_tasks"));
    assertEquals(0.0, client(samples).get("kshealth_streams_restore_remaining_records"));
    assertTrue(samples.stream().allMatch(s -> s.labels().equals(LABELS)), samples.toString());
    assertEquals(List.of(), taskReads(jmx.reads()));
  }

  @Test
  void aClientIdThatPrefixesAnotherOwnsOnlyItsOwnTasks() throws Exception {
    // The other client's id starts with ours; its restoring task is not ours.
    StreamsClient longer = new StreamsClient(CLIENT_ID + "-2", "spike-app");
    updater(longer.clientId() + "-StateUpdater-1");
    task(longer.clientId() + "-StreamThread-1", "0_0").set(REMAINING, 9000.0);
    restoring(1, 100);
    task01.set(REMAINING, 200.0);
    List<Sample> samples = jmx.run(reader, CLIENT, longer);
    assertEquals(200.0, client(samples).get("kshealth_streams_restore_remaining_records"));
    assertEquals(Map.of("0_1", 200.0), tasks(samples));
  }

  @Test
  void missingDataIsAbsentNotZero() throws Exception {
    // Updaters that do not report restoring tasks: whether anything remains is unknown.
    updater1.remove("active-restoring-tasks");
    updater2.remove("active-restoring-tasks");
    assertEquals(Map.of("kshealth_streams_restore_rate_records_per_second", 0.0), client(run()));

    // Restoring, but no task says how much remains.
    restoring(1, 100);
    task00.set(REMAINING, Double.NaN);
    task01.set(REMAINING, Double.NaN);
    task02.remove(REMAINING);
    assertEquals(
        Map.of(
            "kshealth_streams_restoring_tasks", 1.0,
            "kshealth_streams_restore_rate_records_per_second", 100.0),
        client(run()));
  }

  @Test
  void aClientWithoutStateUpdatersGetsNoRestoreMetrics() throws Exception {
    for (String n : List.of("1", "2")) {
      jmx.unregister(
          "kafka.streams:type=stream-state-updater-metrics,thread-id="
              + CLIENT_ID
              + "-StateUpdater-"
              + n);
    }
    task00.set(REMAINING, 100.0);
    assertEquals(List.of(), run());
    assertEquals(List.of(), taskReads(jmx.reads()));
  }
}
