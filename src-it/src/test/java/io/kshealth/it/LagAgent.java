package io.kshealth.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An agent running the {@code lag} collector, named {@code lag}, every second, and its runs as
 * {@code /metrics} shows them.
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
    Path config =
        Files.writeString(
            Files.createTempFile(dir, "lag-agent-", ".yaml"),
            "collectors:\n"
                + "  lag:\n"
                + "    type: lag\n"
                + "    kafka: {bootstrap.servers: '"
                + bootstrap
                + "'}\n"
                + "    interval: 1s\n"
                + "    timeout: 1s\n"
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

  /** Generous for a shared machine: runs are 1 s apart. */
  static final Duration TIMEOUT = Duration.ofSeconds(90);

  @Override
  public void close() throws IOException {
    try {
      daemon.stopCleanly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping the agent", e);
    } finally {
      daemon.close();
    }
  }
}
