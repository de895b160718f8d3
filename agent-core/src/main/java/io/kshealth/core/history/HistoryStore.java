package io.kshealth.core.history;

import io.kshealth.api.Labels;
import io.kshealth.api.MetricType;
import io.kshealth.api.Sample;
import io.kshealth.api.SeriesKey;
import io.kshealth.api.Snapshot;
import io.kshealth.core.config.HistoryConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The agent's short memory: per series, the points of the last {@code window}. Bounded three ways:
 * points older than the window are dropped, each series holds at most {@link
 * SeriesRing#MAX_POINTS}, and at most {@code maxSeries} series exist, live and ended together: a
 * new series beyond that evicts the series that ended first, and is dropped and counted only when
 * every held series is live. A series not reported for {@code staleAfter} is removed.
 *
 * <p>Each series belongs to the collector that reported it last, and ends when a run of that
 * collector no longer reports it (see {@link #append}).
 *
 * <p>Thread-safe: collectors append from their own threads while rules and HTTP read.
 */
public final class HistoryStore {

  private final HistoryConfig config;
  private final Clock clock;

  /** Sorted by name, then labels, so that the series of one metric are found together. */
  private final NavigableMap<SeriesKey, SeriesRing> series = new TreeMap<>();

  /** Each collector's last reported source start (a target JVM's start time). */
  private final Map<String, Long> sourceStarts = new HashMap<>();

  private final List<Consumer<Snapshot>> appendListeners = new CopyOnWriteArrayList<>();

  private long droppedSeries;
  private long points;
  private int endedSeries;

  public HistoryStore(HistoryConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  /**
   * Adds a collector run's samples: every series in it counts as seen at the run's time, is live,
   * and belongs to that collector. A series the collector reported before and this run lacks ends
   * at the run's time, as Prometheus marks a series stale when a scrape no longer has it: rules no
   * longer see it, but its points stay, so a series that comes back keeps its trend. A new source
   * start (a new target JVM) ends every series of the collector before the run's samples are added.
   * Only a successful run gets here: a failed one ends nothing, and neither does a partial one.
   */
  public synchronized void append(Snapshot snapshot) {
    long now = clock.millis();
    long oldestKept = now - config.window().toMillis();
    removeStale(now);
    String owner = snapshot.collector();
    long at = snapshot.takenAtMillis();
    if (sourceRestarted(owner, snapshot.sourceStartMillis())) {
      endSeriesOf(owner, ring -> true, at);
    }
    Set<SeriesRing> reported = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Sample s : snapshot.samples()) {
      SeriesRing before = series.get(s.series());
      SeriesRing ring = before != null ? before : newRing(s.series(), owner, at);
      if (ring != null) {
        points -= ring.size();
        if (before != null && before.ended()) {
          endedSeries--;
        }
        if (before == null || before.ended()) {
          addCreatedZero(ring, s, snapshot.sourceStartMillis(), oldestKept);
        }
        ring.reportedBy(owner);
        ring.add(s.timestampMillis(), s.value(), oldestKept);
        ring.seen(at);
        points += ring.size();
        reported.add(ring);
      }
    }
    if (!snapshot.partial()) {
      endSeriesOf(owner, ring -> !reported.contains(ring), at);
    }
    appendListeners.forEach(listener -> listener.accept(snapshot));
  }

  /** The owner of the series recording rules write: no collector, so no run of one ends them. */
  public static final String RECORDING_RULES = "recording-rules";

  /**
   * Adds a recording rule's value at an evaluation's time: a series like a collected one for the
   * rules that read it, counted against {@code history.max-series} (a new one past the cap is
   * dropped and counted, as a collected one is). It goes stale when no evaluation writes it any
   * more, and the {@code /metrics} exposition, which shows collector runs, never sees it.
   */
  public synchronized void record(SeriesKey key, long atMillis, double value) {
    long oldestKept = clock.millis() - config.window().toMillis();
    SeriesRing ring = series.get(key);
    if (ring == null) {
      ring = newRing(key, RECORDING_RULES, atMillis);
      if (ring == null) {
        return;
      }
    }
    if (ring.ended()) {
      endedSeries--;
    }
    ring.reportedBy(RECORDING_RULES);
    points -= ring.size();
    ring.add(atMillis, value, oldestKept);
    ring.seen(atMillis);
    points += ring.size();
  }

  /**
   * Ends a recorded series that its rule no longer gives, as Prometheus writes a staleness marker:
   * rules stop seeing it at once rather than after the lookback.
   */
  public synchronized void endRecorded(SeriesKey key, long atMillis) {
    SeriesRing ring = series.get(key);
    if (ring != null && !ring.ended() && ring.owner().equals(RECORDING_RULES)) {
      ring.end(atMillis);
      endedSeries++;
    }
  }

  /**
   * Calls {@code listener} after every append, on the appending thread and with the store locked:
   * it must only take note (the rules evaluate soon after new samples arrive), never read the store
   * or wait.
   */
  public void onAppend(Consumer<Snapshot> listener) {
    appendListeners.add(listener);
  }

  /**
   * The points of a series within the window, ended or not, or empty when the store does not hold
   * it.
   */
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
   * Every live series of one metric, with its points within the window, by labels: what rules read.
   * Empty when the store holds none. An ended series is left out until a run reports it again.
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
      if (ring.ended()) {
        continue; // not current: rules neither evaluate nor join it
      }
      points -= ring.size();
      ring.trim(oldestKept);
      points += ring.size();
      found.put(e.getKey().labels(), ring.points());
    }
    return found;
  }

  /** Every series held, live and ended: what {@code history.max-series} bounds. */
  public synchronized int seriesCount() {
    return series.size();
  }

  /** Series that a run of their collector no longer reported, held for their trend only. */
  public synchronized int endedSeriesCount() {
    return endedSeries;
  }

  public synchronized int liveSeriesCount() {
    return series.size() - endedSeries;
  }

  /** Is the series held and ended? */
  public synchronized boolean ended(SeriesKey key) {
    SeriesRing ring = series.get(key);
    return ring != null && ring.ended();
  }

  public synchronized long pointCount() {
    return points;
  }

  /**
   * New series refused because the store held {@code maxSeries} live series already (ended ones
   * make room first), since start.
   */
  public synchronized long droppedSeriesTotal() {
    return droppedSeries;
  }

  /** A copy of everything held, for saving. */
  synchronized Map<SeriesKey, SeriesRing> copy() {
    Map<SeriesKey, SeriesRing> copy = new HashMap<>();
    series.forEach(
        (k, ring) -> {
          SeriesRing c = new SeriesRing(ring.owner(), ring.lastSeenMillis());
          SeriesPoints p = ring.points();
          for (int i = 0; i < p.size(); i++) {
            c.add(p.times()[i], p.values()[i], Long.MIN_VALUE);
          }
          if (ring.ended()) {
            c.end(ring.endedMillis());
          }
          copy.put(k, c);
        });
    return copy;
  }

  /** The last known source start of each collector that reported one, for saving. */
  synchronized Map<String, Long> sourceStarts() {
    return new HashMap<>(sourceStarts);
  }

  /**
   * Adds a saved series back, within the window and the series cap, with its owner and, when it had
   * ended, its end ({@link SeriesRing#LIVE} when it had not).
   */
  synchronized void restore(
      SeriesKey key, String owner, long lastSeenMillis, long endedMillis, SeriesPoints saved) {
    long oldestKept = clock.millis() - config.window().toMillis();
    if (series.containsKey(key)) {
      return;
    }
    SeriesRing ring = newRing(key, owner, lastSeenMillis);
    if (ring == null) {
      return;
    }
    for (int i = 0; i < saved.size(); i++) {
      ring.add(saved.times()[i], saved.values()[i], oldestKept);
    }
    ring.seen(lastSeenMillis);
    points += ring.size();
    if (endedMillis != SeriesRing.LIVE) {
      ring.end(endedMillis);
      endedSeries++;
    }
  }

  /**
   * Puts back a collector's saved source start, so a new one seen by its first run ends its series.
   */
  synchronized void restoreSourceStart(String owner, long sourceStartMillis) {
    sourceStarts.put(owner, sourceStartMillis);
  }

  HistoryConfig config() {
    return config;
  }

  /** How far back the store keeps points. */
  public Duration window() {
    return config.window();
  }

  /**
   * A new series' ring, making room by evicting the oldest-ended series; null when all are live.
   */
  private @Nullable SeriesRing newRing(SeriesKey key, String owner, long seenMillis) {
    if (series.size() >= config.maxSeries() && !evictOldestEnded()) {
      droppedSeries++;
      return null;
    }
    SeriesRing ring = new SeriesRing(owner, seenMillis);
    series.put(key, ring);
    return ring;
  }

  private boolean evictOldestEnded() {
    if (endedSeries == 0) {
      return false;
    }
    @Nullable SeriesKey oldest = null;
    long oldestEnd = Long.MAX_VALUE;
    for (Map.Entry<SeriesKey, SeriesRing> e : series.entrySet()) {
      SeriesRing ring = e.getValue();
      if (ring.ended() && ring.endedMillis() < oldestEnd) {
        oldest = e.getKey();
        oldestEnd = ring.endedMillis();
      }
    }
    SeriesRing evicted = Objects.requireNonNull(series.remove(oldest));
    points -= evicted.size();
    endedSeries--;
    return true;
  }

  /**
   * Prometheus' created-timestamp zero: a counter that starts in a run whose source started inside
   * the window, before the sample, counted from zero at the source's start, so that {@code
   * increase} over a young client counts its first events. A resumed series whose points are newer
   * than the source start keeps them (the ring ignores an older point).
   */
  private static void addCreatedZero(
      SeriesRing ring, Sample s, OptionalLong sourceStart, long oldestKept) {
    if (s.metric().type() == MetricType.COUNTER
        && sourceStart.isPresent()
        && sourceStart.getAsLong() >= oldestKept
        && sourceStart.getAsLong() < s.timestampMillis()) {
      ring.add(sourceStart.getAsLong(), 0, oldestKept);
    }
  }

  /** Remembers the collector's source start; true when it differs from the one known before. */
  private boolean sourceRestarted(String owner, OptionalLong sourceStart) {
    if (sourceStart.isEmpty()) {
      return false;
    }
    Long before = sourceStarts.put(owner, sourceStart.getAsLong());
    return before != null && before != sourceStart.getAsLong();
  }

  private void endSeriesOf(String owner, Predicate<SeriesRing> which, long atMillis) {
    for (SeriesRing ring : series.values()) {
      if (!ring.ended() && owner.equals(ring.owner()) && which.test(ring)) {
        ring.end(atMillis);
        endedSeries++;
      }
    }
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
                if (ring.ended()) {
                  endedSeries--;
                }
              }
              return stale;
            });
  }
}
