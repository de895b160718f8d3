import io.kshealth.core.config.HistoryConfig;
import io.kshealth.core.history.HistoryStore;
import io.kshealth.core.model.Labels;
import io.kshealth.core.model.Metric;
import io.kshealth.core.model.Snapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Heap cost of the history store: per series and per point. Run by bench/history-memory.sh.
 * Fills stores of S series with P points (labels like a lag series: topic and partition) and
 * measures the heap used after a full GC.
 */
public class HistoryMemory {
  static final Metric LAG = Metric.gauge("kshealth_bench_lag", "Lag.");

  static Object keep;

  public static void main(String[] args) {
    int series = Integer.parseInt(args.length > 0 ? args[0] : "10000");
    long one = measure(series, 1);
    System.out.printf("%d series with 1 point each: %.1f MiB, %d bytes per series%n",
        series, one / 1048576.0, one / series);
    for (int points : new int[] {60, 180, 360}) {
      long used = measure(series, points);
      System.out.printf(
          "%d series with %d points each: %.1f MiB, %.1f bytes per extra point%n",
          series, points, used / 1048576.0, (double) (used - one) / series / (points - 1));
    }
  }

  static long measure(int series, int points) {
    keep = null;
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
    HistoryStore store =
        new HistoryStore(
            new HistoryConfig(Duration.ofHours(2), series, Duration.ofHours(2), Optional.empty(), 0),
            clock);
    Labels[] labels = new Labels[series];
    for (int s = 0; s < series; s++) {
      labels[s] = Labels.of("topic", "orders-" + (s / 100), "partition", Integer.toString(s % 100));
    }
    for (int p = 0; p < points; p++) {
      Snapshot.Builder b = new Snapshot.Builder("bench", clock.millis());
      for (int s = 0; s < series; s++) {
        b.add(LAG, labels[s], p);
      }
      store.append(b.build());
      now[0] = now[0].plusSeconds(10);
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
