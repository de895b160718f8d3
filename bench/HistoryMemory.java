import io.kshealth.core.config.HistoryConfig;
import io.kshealth.core.history.HistoryStore;
import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.Snapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Heap cost of the history store with a full window. Run by bench/history-memory.sh, one JVM per
 * measurement (a JVM that measured a store before keeps some of it alive through a few full GCs,
 * which skewed the figures when several ran in one JVM).
 *
 * <p>Usage: {@code HistoryMemory SERIES POINTS}: SERIES series (labels like a lag series: topic and
 * partition) collected every 10 s into a window of POINTS points ({@code (POINTS - 1) x 10 s}),
 * for a quarter more collections than the window holds, so every ring is in its steady state
 * (trimmed at every collection). Prints the heap used after a full GC, less the heap used before.
 */
public class HistoryMemory {
  static final Metric LAG = Metric.gauge("kshealth_bench_lag", "Lag.");
  static final Duration INTERVAL = Duration.ofSeconds(10);

  static Object keep;

  public static void main(String[] args) {
    int series = Integer.parseInt(args[0]);
    int points = Integer.parseInt(args[1]);
    long used = measure(series, points);
    System.out.printf(
        "%d series with %d points each: %.1f MiB, %d bytes per series%n",
        series, points, used / 1048576.0, used / series);
  }

  static long measure(int series, int points) {
    long before = usedAfterGc();
    Instant[] now = {Instant.parse("2026-01-01T00:00:00Z")};
    Clock clock =
        new Clock() {
          public Instant instant() {
            return now[0];
          }

          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          public Clock withZone(java.time.ZoneId z) {
            return this;
          }
        };
    Duration window = INTERVAL.multipliedBy(Math.max(1, points - 1));
    HistoryStore store =
        new HistoryStore(
            new HistoryConfig(window, series, window.multipliedBy(2), Optional.empty(), 0), clock);
    Labels[] labels = new Labels[series];
    for (int s = 0; s < series; s++) {
      labels[s] = Labels.of("topic", "orders-" + (s / 100), "partition", Integer.toString(s % 100));
    }
    int collections = points == 1 ? 1 : points + points / 4;
    for (int p = 0; p < collections; p++) {
      Snapshot.Builder b = new Snapshot.Builder("bench", clock.millis());
      for (int s = 0; s < series; s++) {
        b.add(LAG, labels[s], p);
      }
      store.append(b.build());
      now[0] = now[0].plus(INTERVAL);
    }
    if (store.pointCount() != (long) series * points) {
      throw new IllegalStateException("expected " + points + " points per series");
    }
    labels = null;
    keep = store;
    return usedAfterGc() - before;
  }

  static long usedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
