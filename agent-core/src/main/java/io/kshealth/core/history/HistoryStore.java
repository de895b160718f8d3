package io.kshealth.core.history;

import io.kshealth.core.config.HistoryConfig;
import io.kshealth.core.model.Labels;
import io.kshealth.core.model.Sample;
import io.kshealth.core.model.SeriesKey;
import io.kshealth.core.model.Snapshot;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The agent's short memory: per series, the points of the last {@code window}. Bounded three ways:
 * points older than the window are dropped, each series holds at most {@link
 * SeriesRing#MAX_POINTS}, and at most {@code maxSeries} series exist (new series beyond that are
 * dropped and counted). A series not reported for {@code staleAfter} is removed.
 *
 * <p>Thread-safe: collectors append from their own threads while rules and HTTP read.
 */
public final class HistoryStore {

  private final HistoryConfig config;
  private final Clock clock;

  /** Sorted by name, then labels, so that the series of one metric are found together. */
  private final NavigableMap<SeriesKey, SeriesRing> series = new TreeMap<>();

  private final List<Consumer<Snapshot>> appendListeners = new CopyOnWriteArrayList<>();

  private long droppedSeries;
  private long points;

  public HistoryStore(HistoryConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  /** Adds a collector run's samples; every series in it counts as seen at the run's time. */
  public synchronized void append(Snapshot snapshot) {
    long now = clock.millis();
    long oldestKept = now - config.window().toMillis();
    removeStale(now);
    for (Sample s : snapshot.samples()) {
      SeriesRing ring = ringFor(s.series(), snapshot.takenAtMillis());
      if (ring != null) {
        points -= ring.size();
        ring.add(s.timestampMillis(), s.value(), oldestKept);
        ring.seen(snapshot.takenAtMillis());
        points += ring.size();
      }
    }
    appendListeners.forEach(listener -> listener.accept(snapshot));
  }

  /**
   * Calls {@code listener} after every append, on the appending thread and with the store locked:
   * it must only take note (the rules evaluate soon after new samples arrive), never read the store
   * or wait.
   */
  public void onAppend(Consumer<Snapshot> listener) {
    appendListeners.add(listener);
  }

  /** The points of a series within the window, or empty when the store does not hold it. */
  public synchronized Optional<SeriesPoints> points(SeriesKey key) {
    SeriesRing ring = series.get(key);
    if (ring == null) {
      return Optional.empty();
    }
    points -= ring.size();
    ring.trim(clock.millis() - config.window().toMillis());
    points += ring.size();
    return Optional.of(ring.points());
  }

  /**
   * Every series of one metric, with its points within the window, by labels. Empty when the store
   * holds none.
   */
  public synchronized Map<Labels, SeriesPoints> seriesNamed(String name) {
    long oldestKept = clock.millis() - config.window().toMillis();
    Map<Labels, SeriesPoints> found = new LinkedHashMap<>();
    for (Map.Entry<SeriesKey, SeriesRing> e :
        series
            .subMap(
                new SeriesKey(name, Labels.EMPTY),
                true,
                new SeriesKey(name + '\0', Labels.EMPTY),
                false)
            .entrySet()) {
      SeriesRing ring = e.getValue();
      points -= ring.size();
      ring.trim(oldestKept);
      points += ring.size();
      found.put(e.getKey().labels(), ring.points());
    }
    return found;
  }

  public synchronized int seriesCount() {
    return series.size();
  }

  public synchronized long pointCount() {
    return points;
  }

  /** New series refused because the store held {@code maxSeries} already, since start. */
  public synchronized long droppedSeriesTotal() {
    return droppedSeries;
  }

  /** A copy of everything held, for saving. */
  synchronized Map<SeriesKey, SeriesRing> copy() {
    Map<SeriesKey, SeriesRing> copy = new HashMap<>();
    series.forEach(
        (k, ring) -> {
          SeriesRing c = new SeriesRing(ring.lastSeenMillis());
          SeriesPoints p = ring.points();
          for (int i = 0; i < p.size(); i++) {
            c.add(p.times()[i], p.values()[i], Long.MIN_VALUE);
          }
          copy.put(k, c);
        });
    return copy;
  }

  /** Adds a saved series back, within the window and the series cap. */
  synchronized void restore(SeriesKey key, long lastSeenMillis, SeriesPoints saved) {
    long oldestKept = clock.millis() - config.window().toMillis();
    SeriesRing ring = ringFor(key, lastSeenMillis);
    if (ring == null) {
      return;
    }
    points -= ring.size();
    for (int i = 0; i < saved.size(); i++) {
      ring.add(saved.times()[i], saved.values()[i], oldestKept);
    }
    ring.seen(lastSeenMillis);
    points += ring.size();
  }

  HistoryConfig config() {
    return config;
  }

  /** How far back the store keeps points. */
  public Duration window() {
    return config.window();
  }

  private SeriesRing ringFor(SeriesKey key, long seenMillis) {
    SeriesRing ring = series.get(key);
    if (ring == null) {
      if (series.size() >= config.maxSeries()) {
        droppedSeries++;
        return null;
      }
      ring = new SeriesRing(seenMillis);
      series.put(key, ring);
    }
    return ring;
  }

  private void removeStale(long now) {
    long staleBefore = now - config.staleAfter().toMillis();
    series
        .values()
        .removeIf(
            ring -> {
              boolean stale = ring.lastSeenMillis() < staleBefore;
              if (stale) {
                points -= ring.size();
              }
              return stale;
            });
  }
}
