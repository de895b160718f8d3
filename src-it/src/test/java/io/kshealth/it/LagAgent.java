package io.kshealth.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/**
 * An agent running the {@code lag} collector, named {@code lag}, every second unless a test says
 * otherwise, and its runs as {@code /metrics} shows them.
 */
final class LagAgent implements AutoCloseable {

  final Daemon daemon;
  final CollectorRuns runs;

  private LagAgent(Daemon daemon) {
    this.daemon = daemon;
    this.runs = new CollectorRuns(daemon, "lag");
  }

  /**
   * @param bootstrap the brokers
   * @param options more options of the collector, one {@code key: value} per line: {@code group:},
   *     {@code target:}, {@code scope:}, {@code commit-interval:}
   */
  static LagAgent start(Path dir, String bootstrap, String options) throws IOException {
    return start(dir, bootstrap, Duration.ofSeconds(1), options);
  }

  /**
   * @param interval the collector's interval, and its timeout
   */
  static LagAgent start(Path dir, String bootstrap, Duration interval, String options)
      throws IOException {
    String every = interval.toMillis() + "ms";
    Path config =
        Files.writeString(
            Files.createTempFile(dir, "lag-agent-", ".yaml"),
            "collectors:\n"
                + "  lag:\n"
                + "    type: lag\n"
                + "    kafka: {bootstrap.servers: '"
                + bootstrap
                + "'}\n"
                + "    interval: "
                + every
                + "\n"
                + "    timeout: "
                + every
                + "\n"
                + "    request-timeout: 900ms\n"
                + options.indent(4));
    Daemon daemon = Kshealth.distribution().start(dir, Map.of(), config);
    daemon.awaitReady();
    return new LagAgent(daemon);
  }

  /** The labels of one partition's series. */
  static Map<String, String> partition(String group, String topic, int partition) {
    return Map.of("group", group, "topic", topic, "partition", Integer.toString(partition));
  }

  static Map<String, String> with(Map<String, String> labels, String name, String value) {
    Map<String, String> m = new HashMap<>(labels);
    m.put(name, value);
    return m;
  }

  /** The group's status in a run: the one {@code kshealth_lag_status} at 1. */
  static String status(CollectorRuns.Run run, String group) {
    return run.series().stream()
        .filter(
            s ->
                s.name().equals("kshealth_lag_status")
                    && group.equals(s.labels().get("group"))
                    && s.value() == 1)
        .map(s -> s.labels().get("status"))
        .findFirst()
        .orElse("none");
  }

  /** The partitions a run reports, as {@code topic-partition}. */
  static Set<String> reported(CollectorRuns.Run run) {
    Set<String> partitions = new TreeSet<>();
    run.series().stream()
        .filter(s -> s.name().equals("kshealth_lag_records"))
        .forEach(s -> partitions.add(s.labels().get("topic") + "-" + s.labels().get("partition")));
    return partitions;
  }

  /**
   * Whether the last three of {@code runs} reported the same partitions, with the group stable
   * (ownership not moving) and {@code members} members: the assignment has settled.
   */
  static boolean settled(List<CollectorRuns.Run> runs, String group, int members) {
    if (runs.size() < 3) {
      return false;
    }
    List<CollectorRuns.Run> last = runs.subList(runs.size() - 3, runs.size());
    Map<String, String> g = Map.of("group", group);
    return last.stream()
        .allMatch(
            r ->
                r.value("kshealth_lag_group_members", g).orElse(0.0) == members
                    && r.value("kshealth_lag_ownership_moving", g).orElse(1.0) == 0
                    && reported(r).equals(reported(last.get(2))));
  }

  /** Generous for a shared machine: runs are 1 s apart. */
  static final Duration TIMEOUT = Duration.ofSeconds(90);

  /**
   * Runs as they come until one matches; on timeout, fails with what the last runs showed and the
   * agent's log.
   */
  CollectorRuns.Run until(String what, String group, Predicate<CollectorRuns.Run> condition)
      throws IOException {
    try {
      return runs.until(condition, TIMEOUT);
    } catch (ConditionTimeoutException e) {
      List<CollectorRuns.Run> seen = runs.seen();
      throw new AssertionError(
          "no run "
              + what
              + " within "
              + TIMEOUT
              + "; the last runs:\n"
              + seen.subList(Math.max(0, seen.size() - 15), seen.size()).stream()
                  .map(r -> summary(r, group))
                  .collect(Collectors.joining("\n"))
              + "\nagent log:\n"
              + daemon.log(),
          e);
    }
  }

  /** The collector's line in {@code /api/v1/status}: what it watches and how it finds it. */
  String target() throws IOException, InterruptedException {
    Map<?, ?> status = Json.object(Json.parse(new String(daemon.get("/api/v1/status").body())));
    return String.valueOf(Status.collector(status, "lag").get("target"));
  }

  /** Waits until the status line is {@code expected}; fails with the last line seen. */
  void awaitTarget(String expected) {
    String[] last = {null};
    try {
      await()
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                last[0] = target();
                return last[0].equals(expected);
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "status line: expected <" + expected + "> but was <" + last[0] + ">", e);
    }
  }

  /** One run in a line: what an operator would look at first. */
  static String summary(CollectorRuns.Run run, String group) {
    Map<String, String> g = Map.of("group", group);
    StringBuilder line = new StringBuilder().append(run.startedMillis()).append(' ');
    line.append(status(run, group));
    for (String name :
        List.of(
            "broker_up",
            "stale",
            "group_members",
            "ownership_moving",
            "reported_partitions",
            "total_records",
            "max_seconds")) {
      line.append(' ')
          .append(name)
          .append('=')
          .append(run.value("kshealth_lag_" + name, g).map(String::valueOf).orElse("-"));
    }
    run.series().stream()
        .filter(
            s ->
                (s.name().equals("kshealth_lag_group_state")
                        || s.name().equals("kshealth_lag_partitions"))
                    && group.equals(s.labels().get("group"))
                    && s.value() > 0)
        .forEach(
            s ->
                line.append(' ')
                    .append(s.name().substring("kshealth_lag_".length()))
                    .append(s.labels().containsKey("state") ? "=" + s.labels().get("state") : "")
                    .append(
                        s.labels().containsKey("status")
                            ? "[" + s.labels().get("status") + "]=" + s.value()
                            : ""));
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    daemon.closeCleanly();
  }
}
