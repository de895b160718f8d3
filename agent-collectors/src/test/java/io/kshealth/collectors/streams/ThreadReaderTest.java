package io.kshealth.collectors.streams;

import static io.kshealth.collectors.streams.JmxFixture.CLIENT;
import static io.kshealth.collectors.streams.JmxFixture.CLIENT_ID;
import static io.kshealth.collectors.streams.JmxFixture.PROCESS_ID;
import static io.kshealth.collectors.streams.JmxFixture.assertValues;
import static io.kshealth.collectors.support.jmx.SampleValues.values;
import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.api.Labels;
import io.kshealth.api.Sample;
import io.kshealth.collectors.support.jmx.FakeMBean;
import io.kshealth.collectors.support.jmx.MBeanValues;
import io.kshealth.collectors.support.jmx.StreamsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.management.JMException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reader against MBeans named, and valued, as in the reference dump of a 4.3.1 app. */
class ThreadReaderTest {

  private static final String THREAD = CLIENT_ID + "-StreamThread-1";
  private static final String THREAD_MBEAN =
      "kafka.streams:type=stream-thread-metrics,thread-id=" + THREAD;
  private static final String CONSUMER_MBEAN =
      "kafka.consumer:type=consumer-metrics,client-id=" + THREAD + "-consumer";
  private static final String COORDINATOR_MBEAN =
      "kafka.consumer:type=consumer-coordinator-metrics,client-id=" + THREAD + "-consumer";
  private static final Labels LABELS =
      Labels.of("application_id", "spike-app", "client_id", CLIENT_ID, "thread", "StreamThread-1");

  private final JmxFixture jmx = new JmxFixture();
  private final ThreadReader reader = new ThreadReader(Duration.ofMinutes(5));
  private FakeMBean consumer;
  private FakeMBean coordinator;

  @BeforeEach
  void registerDumpedThread() throws JMException {
    register(jmx, THREAD);
    consumer =
        jmx.register(
            CONSUMER_MBEAN,
            "last-poll-seconds-ago",
            0.0,
            "time-between-poll-avg",
            106.05747126436782,
            "time-between-poll-max",
            1092.0,
            "poll-idle-ratio-avg",
            0.25463938008319537);
    coordinator =
        jmx.register(
            COORDINATOR_MBEAN,
            "failed-rebalance-total",
            2.0,
            "last-rebalance-seconds-ago",
            8.0,
            "rebalance-latency-avg",
            503.0,
            "rebalance-latency-max",
            503.0,
            "rebalance-latency-total",
            503.0,
            "assigned-partitions",
            4.0,
            "rebalance-total",
            1.0);
    // Neither is the thread's own: the variant with thread-state only, the restore consumer.
    jmx.register(
        "kafka.streams:type=stream-thread-metrics,process-id="
            + PROCESS_ID
            + ",thread-id="
            + THREAD,
        "thread-state",
        4);
    jmx.register(
        "kafka.consumer:type=consumer-metrics,client-id="
            + CLIENT_ID
            + "-StateUpdater-1-restore-consumer",
        "last-poll-seconds-ago",
        0.0,
        "time-between-poll-max",
        5.0);
  }

  private static FakeMBean register(JmxFixture jmx, String threadId) throws JMException {
    return jmx.register(
        "kafka.streams:type=stream-thread-metrics,thread-id=" + threadId,
        "process-latency-avg",
        0.1391088557603145,
        "process-latency-max",
        15.0,
        "process-rate",
        1214.9440249934914,
        "process-total",
        46666.0,
        "poll-ratio",
        0.47217607973421927,
        "commit-latency-avg",
        195.375,
        "commit-latency-max",
        394.0,
        "blocked-time-ns-total",
        5.732523495E9,
        "thread-start-time",
        1795320206552L,
        "poll-latency-avg",
        50.53333333333333,
        "state",
        "RUNNING");
  }

  private Map<String, Double> run() throws Exception {
    return values(jmx.run(reader, CLIENT), LABELS);
  }

  @Test
  void dumpedValuesInBaseUnits() throws Exception {
    List<Sample> samples = jmx.run(reader, CLIENT);
    assertValues(
        Map.ofEntries(
            entry("kshealth_streams_thread_process_latency_avg_seconds", 0.0001391088557603145),
            entry("kshealth_streams_thread_process_latency_max_seconds", 0.015),
            entry("kshealth_streams_thread_process_rate_records_per_second", 1214.9440249934914),
            entry("kshealth_streams_thread_processed_records_total", 46666.0),
            entry("kshealth_streams_thread_poll_ratio", 0.47217607973421927),
            entry("kshealth_streams_thread_commit_latency_avg_seconds", 0.195375),
            entry("kshealth_streams_thread_commit_latency_max_seconds", 0.394),
            entry("kshealth_streams_thread_blocked_seconds_total", 5.732523495),
            entry("kshealth_streams_thread_start_time_seconds", 1795320206.552),
            entry("kshealth_streams_thread_seconds_since_last_poll", 0.0),
            entry("kshealth_streams_thread_time_between_polls_max_seconds", 1.092),
            entry("kshealth_streams_thread_time_between_polls_avg_seconds", 0.10605747126436782),
            entry("kshealth_streams_thread_max_poll_interval_seconds", 300.0),
            entry("kshealth_streams_thread_poll_interval_ratio", 1.092 / 300),
            entry("kshealth_streams_thread_rebalances_total", 1.0),
            entry("kshealth_streams_thread_failed_rebalances_total", 2.0),
            entry("kshealth_streams_thread_seconds_since_last_rebalance", 8.0),
            entry("kshealth_streams_thread_rebalance_latency_avg_seconds", 0.503),
            entry("kshealth_streams_thread_rebalance_latency_max_seconds", 0.503),
            entry("kshealth_streams_thread_assigned_partitions", 4.0)),
        values(samples, LABELS));
    assertEquals(20, samples.size(), "only the one thread: " + samples);
  }

  @Test
  void oneReadPerMBeanAndNoneOfTheProcessIdVariant() throws Exception {
    jmx.run(reader, CLIENT);
    assertEquals(
        Stream.of(THREAD_MBEAN, CONSUMER_MBEAN, COORDINATOR_MBEAN)
            .map(MBeanValues::objectName)
            .toList(),
        jmx.reads());
  }

  @Test
  void pollIntervalRatioKeepsRisingWhileTheThreadIsStuckProcessing() throws Exception {
    ThreadReader tight = new ThreadReader(Duration.ofSeconds(10));
    List<Double> ratios = new ArrayList<>();
    for (double secondsAgo : new double[] {0, 3, 6, 9, 12}) {
      consumer.set("last-poll-seconds-ago", secondsAgo);
      ratios.add(
          values(jmx.run(tight, CLIENT), LABELS)
              .get("kshealth_streams_thread_poll_interval_ratio"));
    }
    // The completed 1.092 s gap counts until the ongoing one is longer.
    double[] expected = {0.1092, 0.3, 0.6, 0.9, 1.2};
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], ratios.get(i), 1e-12, ratios.toString());
    }
  }

  @Test
  void pollIntervalRatioRemembersALongCompletedGap() throws Exception {
    consumer.set("last-poll-seconds-ago", 1.0).set("time-between-poll-max", 240_000.0);
    assertEquals(0.8, run().get("kshealth_streams_thread_poll_interval_ratio"), 1e-12);
  }

  @Test
  void minusOneMeansNotYet() throws Exception {
    coordinator.set("last-rebalance-seconds-ago", -1.0);
    consumer.set("last-poll-seconds-ago", -1.0).set("time-between-poll-max", Double.NaN);
    Map<String, Double> values = run();
    assertFalse(values.containsKey("kshealth_streams_thread_seconds_since_last_rebalance"));
    assertFalse(values.containsKey("kshealth_streams_thread_seconds_since_last_poll"));
    assertFalse(values.containsKey("kshealth_streams_thread_poll_interval_ratio"));
    assertEquals(1.0, values.get("kshealth_streams_thread_rebalances_total"));
  }

  @Test
  void nanAndMissingAttributesAreAbsentNotZero() throws Exception {
    jmx.register(THREAD_MBEAN.replace("StreamThread-1", "StreamThread-2"), "state", "STARTING")
        .set("process-latency-avg", Double.NaN)
        .set("process-latency-max", Double.NaN)
        .set("process-total", 0.0);
    Labels thread2 =
        Labels.of(
            "application_id", "spike-app", "client_id", CLIENT_ID, "thread", "StreamThread-2");
    // No consumer MBeans yet: only what the thread and the configuration say.
    assertEquals(
        Map.of(
            "kshealth_streams_thread_processed_records_total", 0.0,
            "kshealth_streams_thread_max_poll_interval_seconds", 300.0),
        values(jmx.run(reader, CLIENT), thread2));
  }

  @Test
  void missingConsumerMBeansLeaveTheirMetricsAbsent() throws Exception {
    jmx.unregister(CONSUMER_MBEAN);
    jmx.unregister(COORDINATOR_MBEAN);
    assertEquals(
        Set.of(
            "kshealth_streams_thread_process_latency_avg_seconds",
            "kshealth_streams_thread_process_latency_max_seconds",
            "kshealth_streams_thread_process_rate_records_per_second",
            "kshealth_streams_thread_processed_records_total",
            "kshealth_streams_thread_poll_ratio",
            "kshealth_streams_thread_commit_latency_avg_seconds",
            "kshealth_streams_thread_commit_latency_max_seconds",
            "kshealth_streams_thread_blocked_seconds_total",
            "kshealth_streams_thread_start_time_seconds",
            "kshealth_streams_thread_max_poll_interval_seconds"),
        run().keySet());
  }

  @Test
  void threadsOfUnknownClientsAreSkipped() throws Exception {
    register(jmx, "other-app-1234-StreamThread-1");
    jmx.register(
        "kafka.consumer:type=consumer-metrics,client-id=other-app-1234-StreamThread-1-consumer",
        "last-poll-seconds-ago",
        1.0);
    List<Sample> samples = jmx.run(reader, CLIENT);
    assertEquals(20, samples.size());
    assertTrue(samples.stream().allMatch(s -> s.labels().equals(LABELS)));
    assertEquals(List.of(), jmx.run(reader));
  }

  @Test
  void quotedClientIdsAsKafkaQuotesThem() throws Exception {
    // Kafka quotes a tag value with a character JMX reserves, such as ':' in a client.id.
    String thread = "\"spike:app-StreamThread-1\"";
    register(jmx, thread);
    jmx.register(
        "kafka.consumer:type=consumer-metrics,client-id=\"spike:app-StreamThread-1-consumer\"",
        "last-poll-seconds-ago",
        30.0);
    Labels labels =
        Labels.of("application_id", "spike", "client_id", "spike:app", "thread", "StreamThread-1");
    Map<String, Double> values =
        values(jmx.run(reader, new StreamsClient("spike:app", "spike")), labels);
    assertEquals(30.0, values.get("kshealth_streams_thread_seconds_since_last_poll"));
    assertEquals(0.1, values.get("kshealth_streams_thread_poll_interval_ratio"), 1e-12);
  }

  @Test
  void maxPollIntervalMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new ThreadReader(Duration.ZERO));
  }
}
