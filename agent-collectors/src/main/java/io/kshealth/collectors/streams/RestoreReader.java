package io.kshealth.collectors.streams;

import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.Snapshot;
import io.kshealth.collectors.support.jmx.MBeanValues;
import io.kshealth.collectors.support.jmx.StreamsClient;
import io.kshealth.collectors.support.jmx.TargetReader;
import java.io.IOException;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import org.jspecify.annotations.Nullable;

/**
 * Reads how far each client is from having restored its active state stores (KIP-869): the state
 * updater threads say how many tasks restore and how fast, the task MBeans how many records remain.
 *
 * <p>An application may have a thousand tasks, so the task MBeans are read only while a client
 * restores, or the run after it was seen restoring (to see the remaining records reach 0). Only
 * tasks with records left get a series, plus one final 0 when they are done: idle tasks carry none.
 *
 * <p>Kafka counts remaining records per task, summed over the task's changelogs: nothing in JMX
 * gives them per store.
 *
 * <p>A client without state updater MBeans gets no restore metrics: without them, telling that
 * nothing remains would take reading every task, every run.
 */
final class RestoreReader implements TargetReader {

  static final Metric RESTORING_TASKS =
      Metric.gauge(
          "kshealth_streams_restoring_tasks", "Active tasks of the client restoring their state.");
  static final Metric RESTORE_RATE =
      Metric.gauge(
          "kshealth_streams_restore_rate_records_per_second",
          "Records the client's state updaters restored per second, over Kafka's sample window.");
  static final Metric REMAINING =
      Metric.gauge(
          "kshealth_streams_restore_remaining_records",
          "Changelog records the client's active tasks still have to restore.");
  static final Metric TASK_REMAINING =
      Metric.gauge(
          "kshealth_streams_task_restore_remaining_records",
          "Changelog records the task still has to restore; present only while it restores.");
  static final Metric ETA =
      Metric.gauge(
          "kshealth_streams_restore_eta_seconds",
          "Remaining records over the restore rate, 0 when nothing remains; absent when no"
              + " progress is seen.");

  private static final String UPDATERS = "kafka.streams:type=stream-state-updater-metrics,*";
  private static final String TASKS = "kafka.streams:type=stream-task-metrics,*";
  private static final String RESTORING = "active-restoring-tasks";
  private static final String RATE = "restore-records-rate";
  private static final String TASK_REMAINING_TOTAL = "restore-remaining-records-total";

  private final Clock clock;

  /** What the previous run saw, by client id; a client missing from a run is forgotten. */
  private Map<String, Seen> previous = Map.of();

  /** A client's remaining records at a time, and its tasks that still had some. */
  private record Seen(long atMillis, double remaining, Set<String> tasks) {}

  /** A sum that stays missing until some value is added. */
  private static final class Sum {
    private double total;
    private boolean present;

    void add(OptionalDouble value) {
      value.ifPresent(
          v -> {
            total += v;
            present = true;
          });
    }

    OptionalDouble get() {
      return present ? OptionalDouble.of(total) : OptionalDouble.empty();
    }
  }

  /** What the state updaters of one client report, summed over them. */
  private record Updaters(Sum restoring, Sum rate) {}

  public RestoreReader(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void read(MBeanServerConnection server, List<StreamsClient> clients, Snapshot.Builder out)
      throws IOException, JMException {
    long now = clock.millis();
    Map<StreamsClient, Updaters> updaters = readUpdaters(server, clients);
    Set<StreamsClient> restoring = new HashSet<>();
    updaters.forEach(
        (client, u) -> {
          OptionalDouble active = u.restoring().get();
          Seen seen = previous.get(client.clientId());
          if (active.isPresent()
              && (active.getAsDouble() > 0 || (seen != null && seen.remaining() > 0))) {
            restoring.add(client);
          }
        });
    Map<StreamsClient, Map<String, Double>> tasks =
        restoring.isEmpty() ? Map.of() : readTasks(server, clients, restoring);

    Map<String, Seen> next = new HashMap<>();
    for (Map.Entry<StreamsClient, Updaters> e : updaters.entrySet()) {
      StreamsClient client = e.getKey();
      Labels labels = client.labels();
      Updaters u = e.getValue();
      u.restoring().get().ifPresent(v -> out.add(RESTORING_TASKS, labels, v));
      u.rate().get().ifPresent(v -> out.add(RESTORE_RATE, labels, v));
      if (u.restoring().get().isEmpty()) {
        continue; // Whether anything remains is unknown.
      }
      Map<String, Double> remainingByTask;
      if (restoring.contains(client)) {
        remainingByTask = tasks.get(client);
        if (remainingByTask == null) {
          continue; // No task reported its remaining records: unknown, not 0.
        }
      } else {
        // Tasks are not read: with no active task restoring and nothing left last run, nothing
        // remains.
        remainingByTask = Map.of();
      }
      Seen seen = report(client, u, remainingByTask, previous.get(client.clientId()), now, out);
      next.put(client.clientId(), seen);
    }
    previous = next;
  }

  private static Map<StreamsClient, Updaters> readUpdaters(
      MBeanServerConnection server, List<StreamsClient> clients) throws IOException, JMException {
    Map<StreamsClient, Updaters> updaters = new HashMap<>();
    for (ObjectName name : MBeanValues.query(server, UPDATERS)) {
      Optional<StreamsClient> client = owner(clients, name);
      if (client.isPresent()) {
        MBeanValues values = MBeanValues.read(server, name, List.of(RESTORING, RATE));
        Updaters u =
            updaters.computeIfAbsent(client.get(), c -> new Updaters(new Sum(), new Sum()));
        u.restoring().add(values.number(RESTORING));
        u.rate().add(values.number(RATE));
      }
    }
    return updaters;
  }

  /**
   * The remaining records of each task of the {@code restoring} clients, by task id; a client none
   * of whose tasks reported any is left out.
   */
  private static Map<StreamsClient, Map<String, Double>> readTasks(
      MBeanServerConnection server, List<StreamsClient> clients, Set<StreamsClient> restoring)
      throws IOException, JMException {
    Map<StreamsClient, Map<String, Double>> tasks = new HashMap<>();
    for (ObjectName name : MBeanValues.query(server, TASKS)) {
      String task = MBeanValues.key(name, "task-id");
      // The owner among all clients: a client id may be a prefix of another's.
      Optional<StreamsClient> client = owner(clients, name).filter(restoring::contains);
      if (task == null || client.isEmpty()) {
        continue;
      }
      OptionalDouble remaining =
          MBeanValues.read(server, name, List.of(TASK_REMAINING_TOTAL))
              .number(TASK_REMAINING_TOTAL);
      if (remaining.isPresent()) {
        // A task moving between threads may briefly have an MBean under each.
        tasks
            .computeIfAbsent(client.get(), c -> new HashMap<>())
            .merge(task, remaining.getAsDouble(), Double::sum);
      }
    }
    return tasks;
  }

  private static Optional<StreamsClient> owner(Collection<StreamsClient> clients, ObjectName name) {
    String threadId = MBeanValues.key(name, "thread-id");
    return threadId == null ? Optional.empty() : StreamsClient.owning(clients, threadId);
  }

  private static Seen report(
      StreamsClient client,
      Updaters u,
      Map<String, Double> remainingByTask,
      @Nullable Seen seen,
      long now,
      Snapshot.Builder out) {
    Set<String> left = new HashSet<>();
    double remaining = 0;
    for (Map.Entry<String, Double> t : remainingByTask.entrySet()) {
      remaining += t.getValue();
      if (t.getValue() > 0) {
        left.add(t.getKey());
        out.add(TASK_REMAINING, taskLabels(client, t.getKey()), t.getValue());
      }
    }
    if (seen != null) {
      for (String done : seen.tasks()) {
        if (!left.contains(done)) {
          // Once, so the series ends at 0 rather than at its last count.
          out.add(TASK_REMAINING, taskLabels(client, done), 0);
        }
      }
    }
    Labels labels = client.labels();
    out.add(REMAINING, labels, remaining);
    eta(remaining, u.rate().get().orElse(0), seen, now).ifPresent(v -> out.add(ETA, labels, v));
    return new Seen(now, remaining, left);
  }

  /**
   * The fall of the remaining records since the previous run, when they fell; otherwise Kafka's
   * restore rate. Kafka's rate is an average over its sample window (30 s and more), so in a
   * restore's first half minute it reads far too low (the demo showed an ETA of 6,900 s for a
   * restore that took 11 s); the agent's own runs see the progress at once. The remaining records
   * first climb, as tasks register their changelogs, and only then fall: a climb is no progress.
   */
  private static OptionalDouble eta(
      double remaining, double kafkaRate, @Nullable Seen seen, long now) {
    if (remaining == 0) {
      return OptionalDouble.of(0);
    }
    double rate = kafkaRate;
    if (seen != null && now > seen.atMillis() && seen.remaining() > remaining) {
      rate = (seen.remaining() - remaining) * 1000 / (now - seen.atMillis());
    }
    return rate > 0 ? OptionalDouble.of(remaining / rate) : OptionalDouble.empty();
  }

  private static Labels taskLabels(StreamsClient client, String task) {
    return client.labels().and("task", task);
  }
}
