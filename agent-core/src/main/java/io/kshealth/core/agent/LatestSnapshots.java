package io.kshealth.core.agent;

import io.kshealth.core.config.CollectorConfig;
import io.kshealth.core.history.HistoryStore;
import io.kshealth.core.model.Sample;
import io.kshealth.core.model.Snapshot;
import io.kshealth.core.schedule.SnapshotSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Receives every run's outcome: appends it to the history (which rules read) and keeps each
 * collector's latest successful snapshot, which {@code /metrics} serves so that a scrape never
 * waits for a collector. A failed run removes its collector's series from {@code /metrics}.
 */
public final class LatestSnapshots implements SnapshotSink {

  private record Latest(boolean expose, Snapshot snapshot) {}

  private final HistoryStore history;
  private final Map<String, Latest> latest = new ConcurrentSkipListMap<>();

  public LatestSnapshots(HistoryStore history) {
    this.history = history;
  }

  @Override
  public void accept(CollectorConfig collector, Snapshot snapshot) {
    if (snapshot == null) {
      latest.remove(collector.name());
      return;
    }
    history.append(snapshot);
    latest.put(collector.name(), new Latest(collector.expose(), snapshot));
  }

  /** The latest successful snapshot of one collector, exposed or not. */
  public Optional<Snapshot> get(String collector) {
    return Optional.ofNullable(latest.get(collector)).map(Latest::snapshot);
  }

  /** Every sample of the exposed collectors' latest successful runs, in collector-name order. */
  public List<Sample> exposedSamples() {
    List<Sample> all = new ArrayList<>();
    for (Latest l : latest.values()) {
      if (l.expose()) {
        all.addAll(l.snapshot().samples());
      }
    }
    return all;
  }
}
