package io.kshealth.core.probe;

import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.Snapshot;
import io.kshealth.core.config.CollectorConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Streams and lag collector runs as the real collectors write them, by the documented metric names
 * the probes read.
 */
final class AppRuns {

  static final CollectorConfig STREAMS = config("streams", "streams");
  static final CollectorConfig LAG = config("lag", "lag");

  private static final List<String> STATES =
      List.of(
          "CREATED",
          "REBALANCING",
          "RUNNING",
          "PENDING_SHUTDOWN",
          "NOT_RUNNING",
          "PENDING_ERROR",
          "ERROR",
          "GONE",
          "CLOSED");
  private static final List<String> LAG_STATUSES = List.of("OK", "WARN", "REWIND", "STALL", "STOP");

  private AppRuns() {}

  private static CollectorConfig config(String name, String type) {
    // The probes read runs handed to them; they never start a collector.
    return new CollectorConfig(
        name,
        type,
        Duration.ofSeconds(10),
        Duration.ofSeconds(5),
        true,
        context -> {
          throw new UnsupportedOperationException("not started in these tests");
        });
  }

  private static Metric gauge(String name) {
    return Metric.gauge(name, "test");
  }

  /** One client in {@code state} with its threads, in a JVM started at {@code jvmStartSeconds}. */
  static Snapshot streams(
      Clock clock, String target, double jvmStartSeconds, String state, int alive, int expected) {
    Snapshot.Builder b = new Snapshot.Builder("streams", clock.millis());
    targetState(b, target);
    b.add(gauge("kshealth_target_jvm_start_time_seconds"), Labels.EMPTY, jvmStartSeconds);
    Labels client = Labels.of("application_id", "app", "client_id", "app-1");
    for (String s : STATES) {
      b.add(
          gauge("kshealth_streams_client_state"), client.and("state", s), s.equals(state) ? 1 : 0);
    }
    b.add(gauge("kshealth_streams_client_alive_threads"), client, alive);
    b.add(gauge("kshealth_streams_client_expected_threads"), client, expected);
    for (int t = 1; t <= alive; t++) {
      b.add(
          gauge("kshealth_streams_thread_poll_interval_ratio"),
          client.and("thread", "StreamThread-" + t),
          0.01);
    }
    return b.build();
  }

  /** The same run with {@code tasks} of the client's active tasks restoring. */
  static Snapshot restoring(Snapshot run, int tasks) {
    Snapshot.Builder b = new Snapshot.Builder(run.collector(), run.takenAtMillis());
    run.samples().forEach(b::add);
    b.add(
        gauge("kshealth_streams_restoring_tasks"),
        Labels.of("application_id", "app", "client_id", "app-1"),
        tasks);
    return b.build();
  }

  /** A run that found the JVM but whose threads have all gone {@code ratio} past their limit. */
  static Snapshot pollRatios(Clock clock, double jvmStartSeconds, double... ratios) {
    Snapshot.Builder b = new Snapshot.Builder("streams", clock.millis());
    for (var s :
        streams(clock, "up", jvmStartSeconds, "RUNNING", ratios.length, ratios.length).samples()) {
      if (!s.metric().name().equals("kshealth_streams_thread_poll_interval_ratio")) {
        b.add(s);
      }
    }
    for (int t = 0; t < ratios.length; t++) {
      b.add(
          gauge("kshealth_streams_thread_poll_interval_ratio"),
          Labels.of("client_id", "app-1", "thread", "StreamThread-" + t),
          ratios[t]);
    }
    return b.build();
  }

  /** A run of a JVM that did not answer: the target's state only, marked partial. */
  static Snapshot unresponsive(Clock clock) {
    Snapshot.Builder b = new Snapshot.Builder("streams", clock.millis());
    targetState(b, "unresponsive");
    return b.partial().build();
  }

  private static void targetState(Snapshot.Builder b, String target) {
    for (String s : List.of("up", "unresponsive", "down")) {
      b.add(
          gauge("kshealth_target_state"),
          Labels.of("target", "streams", "state", s),
          s.equals(target) ? 1 : 0);
    }
  }

  static Snapshot lag(Clock clock, String status, double timeLagSeconds, double commitSeconds) {
    return lag(clock, status, timeLagSeconds, commitSeconds, true);
  }

  /** A lag run; with {@code brokersUp} false, the last values repeated and marked stale. */
  static Snapshot lag(
      Clock clock, String status, double timeLagSeconds, double commitSeconds, boolean brokersUp) {
    Snapshot.Builder b = new Snapshot.Builder("lag", clock.millis());
    Labels group = Labels.of("group", "app");
    for (String s : LAG_STATUSES) {
      b.add(gauge("kshealth_lag_status"), group.and("status", s), s.equals(status) ? 1 : 0);
    }
    b.add(gauge("kshealth_lag_max_seconds"), group, timeLagSeconds);
    b.add(gauge("kshealth_lag_commit_interval_seconds"), group, commitSeconds);
    b.add(gauge("kshealth_lag_broker_up"), group, brokersUp ? 1 : 0);
    b.add(gauge("kshealth_lag_stale"), group, brokersUp ? 0 : 1);
    return b.build();
  }
}
