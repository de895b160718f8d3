package io.kshealth.collectors.streams;

import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.Snapshot;
import io.kshealth.collectors.support.jmx.MBeanValues;
import io.kshealth.collectors.support.jmx.StreamsClient;
import io.kshealth.collectors.support.jmx.TargetReader;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;

/**
 * Reads every stream thread of the listed clients: the thread's own MBean, its main consumer's
 * (polls) and that consumer's group coordinator's (rebalances). One query lists the threads; each
 * thread then costs the target three reads, however many tasks it runs.
 *
 * <p>The consumer MBeans are named after the thread ({@code <threadId>-consumer}), so they are
 * built, not queried. Either may be missing (not yet created, or shaped differently under {@code
 * group.protocol=streams}): their metrics are then absent, which is not an error.
 */
final class ThreadReader implements TargetReader {

  static final Metric PROCESS_LATENCY_AVG =
      Metric.gauge(
          "kshealth_streams_thread_process_latency_avg_seconds",
          "Average time the thread took to process one record, over Kafka's sample window.");
  static final Metric PROCESS_LATENCY_MAX =
      Metric.gauge(
          "kshealth_streams_thread_process_latency_max_seconds",
          "Longest time the thread took to process one record, over Kafka's sample window.");
  static final Metric PROCESS_RATE =
      Metric.gauge(
          "kshealth_streams_thread_process_rate_records_per_second",
          "Records the thread processed per second, over Kafka's sample window.");
  static final Metric PROCESSED =
      Metric.counter(
          "kshealth_streams_thread_processed_records_total",
          "Records the thread processed since it started.");
  static final Metric POLL_RATIO =
      Metric.gauge(
          "kshealth_streams_thread_poll_ratio",
          "Share of the thread's time spent polling its consumer.");
  static final Metric COMMIT_LATENCY_AVG =
      Metric.gauge(
          "kshealth_streams_thread_commit_latency_avg_seconds",
          "Average time the thread took to commit, over Kafka's sample window.");
  static final Metric COMMIT_LATENCY_MAX =
      Metric.gauge(
          "kshealth_streams_thread_commit_latency_max_seconds",
          "Longest time the thread took to commit, over Kafka's sample window.");
  static final Metric BLOCKED =
      Metric.counter(
          "kshealth_streams_thread_blocked_seconds_total",
          "Time the thread spent blocked on Kafka (polls, commits, produce) since it started.");
  static final Metric START_TIME =
      Metric.gauge(
          "kshealth_streams_thread_start_time_seconds",
          "When the thread started, in seconds since the epoch.");
  static final Metric SINCE_LAST_POLL =
      Metric.gauge(
          "kshealth_streams_thread_seconds_since_last_poll",
          "Whole seconds since the thread's consumer last polled; absent before its first poll.");
  static final Metric TIME_BETWEEN_POLLS_MAX =
      Metric.gauge(
          "kshealth_streams_thread_time_between_polls_max_seconds",
          "Longest completed gap between two polls of the thread's consumer, over Kafka's sample"
              + " window.");
  static final Metric TIME_BETWEEN_POLLS_AVG =
      Metric.gauge(
          "kshealth_streams_thread_time_between_polls_avg_seconds",
          "Average gap between two polls of the thread's consumer, over Kafka's sample window.");
  static final Metric MAX_POLL_INTERVAL =
      Metric.gauge(
          "kshealth_streams_thread_max_poll_interval_seconds",
          "The configured max.poll.interval.ms in seconds: a longer gap between polls evicts the"
              + " thread from its group.");
  static final Metric POLL_INTERVAL_RATIO =
      Metric.gauge(
          "kshealth_streams_thread_poll_interval_ratio",
          "Longest gap between polls, the ongoing one included, over max.poll.interval: at 1 the"
              + " thread is evicted from its group.");
  static final Metric REBALANCES =
      Metric.counter(
          "kshealth_streams_thread_rebalances_total",
          "Rebalances the thread's consumer took part in.");
  static final Metric FAILED_REBALANCES =
      Metric.counter(
          "kshealth_streams_thread_failed_rebalances_total",
          "Rebalances of the thread's consumer that failed; non-zero right after a clean start, so"
              + " alert on its increase, never on its absolute value.");
  static final Metric SINCE_LAST_REBALANCE =
      Metric.gauge(
          "kshealth_streams_thread_seconds_since_last_rebalance",
          "Seconds since the thread's consumer last completed a rebalance; absent before the"
              + " first.");
  static final Metric REBALANCE_LATENCY_AVG =
      Metric.gauge(
          "kshealth_streams_thread_rebalance_latency_avg_seconds",
          "Average time a rebalance of the thread's consumer took, over Kafka's sample window.");
  static final Metric REBALANCE_LATENCY_MAX =
      Metric.gauge(
          "kshealth_streams_thread_rebalance_latency_max_seconds",
          "Longest time a rebalance of the thread's consumer took, over Kafka's sample window.");
  static final Metric ASSIGNED_PARTITIONS =
      Metric.gauge(
          "kshealth_streams_thread_assigned_partitions",
          "Partitions currently assigned to the thread's consumer.");

  private static final String THREADS = "kafka.streams:type=stream-thread-metrics,*";

  /** For values already in the metric's unit: counts, rates, ratios, seconds. */
  private static final double AS_IS = 1;

  private static final double MILLIS = 1e-3;
  private static final double NANOS = 1e-9;

  private static final String LAST_POLL = "last-poll-seconds-ago";
  private static final String LONGEST_POLL_GAP = "time-between-poll-max";

  private static final List<Copy> THREAD =
      List.of(
          new Copy("process-latency-avg", PROCESS_LATENCY_AVG, MILLIS),
          new Copy("process-latency-max", PROCESS_LATENCY_MAX, MILLIS),
          new Copy("process-rate", PROCESS_RATE, AS_IS),
          new Copy("process-total", PROCESSED, AS_IS),
          new Copy("poll-ratio", POLL_RATIO, AS_IS),
          new Copy("commit-latency-avg", COMMIT_LATENCY_AVG, MILLIS),
          new Copy("commit-latency-max", COMMIT_LATENCY_MAX, MILLIS),
          new Copy("blocked-time-ns-total", BLOCKED, NANOS),
          new Copy("thread-start-time", START_TIME, MILLIS));
  private static final List<Copy> CONSUMER =
      List.of(
          new Copy(LAST_POLL, SINCE_LAST_POLL, AS_IS),
          new Copy(LONGEST_POLL_GAP, TIME_BETWEEN_POLLS_MAX, MILLIS),
          new Copy("time-between-poll-avg", TIME_BETWEEN_POLLS_AVG, MILLIS));
  private static final List<Copy> COORDINATOR =
      List.of(
          new Copy("rebalance-total", REBALANCES, AS_IS),
          new Copy("failed-rebalance-total", FAILED_REBALANCES, AS_IS),
          new Copy("last-rebalance-seconds-ago", SINCE_LAST_REBALANCE, AS_IS),
          new Copy("rebalance-latency-avg", REBALANCE_LATENCY_AVG, MILLIS),
          new Copy("rebalance-latency-max", REBALANCE_LATENCY_MAX, MILLIS),
          new Copy("assigned-partitions", ASSIGNED_PARTITIONS, AS_IS));

  /** One attribute reported as one metric, times {@code scale} to reach the metric's unit. */
  private record Copy(String attribute, Metric metric, double scale) {}

  private final double maxPollIntervalSeconds;

  /**
   * @param maxPollInterval the application's {@code max.poll.interval.ms} (Kafka's default is 5
   *     minutes); JMX does not expose it
   */
  public ThreadReader(Duration maxPollInterval) {
    if (maxPollInterval.isNegative() || maxPollInterval.isZero()) {
      throw new IllegalArgumentException("max.poll.interval must be positive: " + maxPollInterval);
    }
    this.maxPollIntervalSeconds = maxPollInterval.toMillis() * MILLIS;
  }

  @Override
  public void read(MBeanServerConnection server, List<StreamsClient> clients, Snapshot.Builder out)
      throws IOException, JMException {
    for (ObjectName name : MBeanValues.query(server, THREADS)) {
      String threadId = MBeanValues.key(name, "thread-id");
      // The variant with a process-id key carries only thread-state.
      if (threadId == null || name.getKeyProperty("process-id") != null) {
        continue;
      }
      Optional<StreamsClient> client = StreamsClient.owning(clients, threadId);
      if (client.isPresent()) {
        readThread(server, name, threadId, client.get().threadLabels(threadId), out);
      }
    }
  }

  private void readThread(
      MBeanServerConnection server,
      ObjectName name,
      String threadId,
      Labels labels,
      Snapshot.Builder out)
      throws IOException, JMException {
    MBeanValues thread = MBeanValues.read(server, name, attributes(THREAD));
    if (thread.isEmpty()) {
      return; // The thread ended since it was listed; its consumer went with it.
    }
    copy(thread, THREAD, labels, out);

    String consumerId = threadId + "-consumer";
    MBeanValues consumer =
        MBeanValues.read(
            server, KafkaNames.consumer("consumer-metrics", consumerId), attributes(CONSUMER));
    copy(consumer, CONSUMER, labels, out);
    out.add(MAX_POLL_INTERVAL, labels, maxPollIntervalSeconds);
    // A thread stuck processing one batch shows only in last-poll-seconds-ago, which keeps growing
    // until it polls again; time-between-poll-max covers completed gaps only, but it is exact to
    // the millisecond and remembers a near miss for Kafka's sample window.
    OptionalDouble sinceLastPoll = value(consumer, LAST_POLL, AS_IS);
    OptionalDouble longestGap = value(consumer, LONGEST_POLL_GAP, MILLIS);
    if (sinceLastPoll.isPresent() || longestGap.isPresent()) {
      // Neither is negative, so a missing one cannot win.
      double gap = Math.max(sinceLastPoll.orElse(0), longestGap.orElse(0));
      out.add(POLL_INTERVAL_RATIO, labels, gap / maxPollIntervalSeconds);
    }

    MBeanValues coordinator =
        MBeanValues.read(
            server,
            KafkaNames.consumer("consumer-coordinator-metrics", consumerId),
            attributes(COORDINATOR));
    copy(coordinator, COORDINATOR, labels, out);
  }

  private static List<String> attributes(List<Copy> copies) {
    return copies.stream().map(Copy::attribute).toList();
  }

  private static void copy(
      MBeanValues values, List<Copy> copies, Labels labels, Snapshot.Builder out) {
    for (Copy c : copies) {
      value(values, c.attribute(), c.scale()).ifPresent(v -> out.add(c.metric(), labels, v));
    }
  }

  /**
   * Every attribute read here is a duration, count, rate, ratio or time and cannot be negative:
   * Kafka's -1 means "not yet" (no poll, no rebalance so far), which is missing data.
   */
  private static OptionalDouble value(MBeanValues values, String attribute, double scale) {
    OptionalDouble v = values.number(attribute);
    return v.isPresent() && v.getAsDouble() >= 0
        ? OptionalDouble.of(v.getAsDouble() * scale)
        : OptionalDouble.empty();
  }
}
