package io.kshealth.core.agent;

import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.Sample;
import io.kshealth.api.Snapshot;
import io.kshealth.core.config.CollectorConfig;
import io.kshealth.core.history.HistoryStore;
import io.kshealth.core.schedule.Deadline;
import io.kshealth.core.schedule.SnapshotSink;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Receives every run's outcome: appends it to the history (which rules read) and keeps each
 * collector's latest successful snapshot, which {@code /metrics} serves so that a scrape never
 * waits for a collector. A failed run removes its collector's series from {@code /metrics}.
 */
public final class LatestSnapshots implements SnapshotSink {

  /**
   * Names the run whose samples a scrape shows: scheduler metrics are read at another moment, so
   * only this tells which run the collector's samples came from.
   */
  static final Metric SNAPSHOT_TIME =
      Metric.gauge(
          "kshealth_collector_snapshot_timestamp_seconds",
          "When the run whose samples /metrics shows started, in seconds since the epoch.");

  private record Latest(boolean expose, Snapshot snapshot) {}

  private final HistoryStore history;
  private final Map<String, Latest> latest = new ConcurrentSkipListMap<>();

  /** The collectors that have finished a run, successfully or not. */
  private final Set<String> reported = new HashSet<>();

  public LatestSnapshots(HistoryStore history) {
    this.history = history;
  }

  @Override
  public void accept(CollectorConfig collector, Optional<Snapshot> run) {
    if (run.isEmpty()) {
      latest.remove(collector.name());
    } else {
      Snapshot snapshot = run.get();
      history.append(snapshot);
      latest.put(collector.name(), new Latest(collector.expose(), snapshot));
    }
    synchronized (this) {
      reported.add(collector.name());
      notifyAll();
    }
  }

  /**
   * Waits until each of {@code collectors} has finished a run, successfully or not (a run that
   * times out finishes at its timeout), or until {@code deadline}.
   *
   * @return whether all of them have
   */
  public synchronized boolean awaitRuns(Collection<String> collectors, Deadline deadline)
      throws InterruptedException {
    while (!reported.containsAll(collectors)) {
      long left = deadline.remainingMillis();
      if (left == 0) {
        return false;
      }
      wait(left);
    }
    return true;
  }

  /** The latest successful snapshot of one collector, exposed or not. */
  public Optional<Snapshot> get(String collector) {
    return Optional.ofNullable(latest.get(collector)).map(Latest::snapshot);
  }

  /**
   * Every sample of the exposed collectors' latest successful runs, in collector-name order, each
   * run with its start time.
   */
  public List<Sample> exposedSamples() {
    List<Sample> all = new ArrayList<>();
    for (Latest l : latest.values()) {
      if (l.expose()) {
        Snapshot s = l.snapshot();
        all.addAll(s.samples());
        all.add(
            new Sample(
                SNAPSHOT_TIME,
                Labels.of("collector", s.collector()),
                s.takenAtMillis() / 1000.0,
                s.takenAtMillis()));
      }
    }
    return all;
  }
}
