package io.kshealth.core.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.Sample;
import io.kshealth.api.Snapshot;
import io.kshealth.core.config.CollectorConfig;
import io.kshealth.core.config.HistoryConfig;
import io.kshealth.core.history.HistoryStore;
import io.kshealth.core.schedule.Deadline;
import io.kshealth.core.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.FutureTask;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What {@code /metrics} shows and what the rules see, run by run. */
class LatestSnapshotsTest {

  static final Metric THREADS = Metric.gauge("kshealth_test_threads", "Threads.");
  static final CollectorConfig STREAMS =
      new CollectorConfig(
          "streams",
          "streams",
          Duration.ofSeconds(10),
          Duration.ofSeconds(5),
          true,
          context -> {
            throw new UnsupportedOperationException();
          });

  final MutableClock clock = new MutableClock();
  final HistoryStore history =
      new HistoryStore(
          new HistoryConfig(
              Duration.ofMinutes(30), 100, Duration.ofMinutes(5), Optional.empty(), 1 << 20),
          clock);
  final LatestSnapshots latest = new LatestSnapshots(history);

  void run(String... clients) {
    Snapshot.Builder b = new Snapshot.Builder(STREAMS.name(), clock.millis());
    for (String c : clients) {
      b.add(THREADS, Labels.of("client_id", c), 2);
    }
    latest.accept(STREAMS, Optional.of(b.build()));
    clock.advance(Duration.ofSeconds(10));
  }

  Set<String> exposedClients() {
    return latest.exposedSamples().stream()
        .filter(s -> s.metric().equals(THREADS))
        .map(Sample::labels)
        .map(l -> l.get("client_id"))
        .collect(Collectors.toSet());
  }

  Set<String> clientsRulesSee() {
    return history.seriesNamed(THREADS.name()).keySet().stream()
        .map(l -> l.get("client_id"))
        .collect(Collectors.toSet());
  }

  @Test
  void aSeriesTheLatestRunLacksIsNeitherExposedNorSeenByRules() {
    run("old", "new");
    run("new");
    assertEquals(Set.of("new"), exposedClients());
    assertEquals(Set.of("new"), clientsRulesSee());
  }

  @Test
  void aFailedRunLeavesMetricsButEndsNothingForRules() {
    run("old");
    latest.accept(STREAMS, Optional.empty());
    assertEquals(Set.of(), exposedClients(), "a failed run's collector shows nothing");
    assertEquals(Set.of("old"), clientsRulesSee(), "and rules keep the last value: no resolve");
  }

  @Test
  void awaitingRunsEndsWhenEachCollectorHasFinishedOneSuccessfullyOrNot() throws Exception {
    CollectorConfig disk =
        new CollectorConfig(
            "disk",
            "disk",
            Duration.ofSeconds(10),
            Duration.ofSeconds(5),
            true,
            STREAMS.settings());
    assertFalse(
        latest.awaitRuns(List.of("streams"), Deadline.at(clock, clock.millis())),
        "nothing has run, and the deadline has passed");
    FutureTask<Boolean> waiting =
        new FutureTask<>(() -> latest.awaitRuns(List.of("streams", "disk"), Deadline.NONE));
    new Thread(waiting, "awaiting-runs").start();
    run("app-1");
    latest.accept(disk, Optional.empty());
    assertTrue(waiting.get(), "a failed run counts as finished");
  }
}
