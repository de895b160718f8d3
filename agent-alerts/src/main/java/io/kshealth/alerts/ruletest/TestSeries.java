package io.kshealth.alerts.ruletest;

import io.kshealth.alerts.expr.SeriesSource;
import io.kshealth.api.Labels;
import io.kshealth.core.history.SeriesPoints;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A test's input series as the engine sees them at the current evaluation time: the samples up to
 * now, and no series at all after a staleness marker until its next sample (Prometheus' staleness).
 */
final class TestSeries implements SeriesSource {

  private record Series(Labels labels, long[] times, double[] values, boolean[] stale) {}

  private final Map<String, List<Series>> byName = new HashMap<>();

  /**
   * The bits of the NaN that marks a recorded series' end, as Prometheus' staleness marker does (a
   * quiet NaN with a payload no computation gives).
   */
  private static final long ENDED = 0x7ff8000000000002L;

  /** What recording rules wrote, by name, labels and time. */
  private final Map<String, Map<Labels, TreeMap<Long, Double>>> recorded = new HashMap<>();

  private long nowMillis;

  void add(String metric, Labels labels, List<SeriesValues.Step> steps, long intervalMillis) {
    int n = steps.size();
    long[] t = new long[n];
    double[] v = new double[n];
    boolean[] stale = new boolean[n];
    for (int i = 0; i < n; i++) {
      t[i] = steps.get(i).index() * intervalMillis;
      v[i] = steps.get(i).value();
      stale[i] = steps.get(i).stale();
    }
    byName.computeIfAbsent(metric, k -> new ArrayList<>()).add(new Series(labels, t, v, stale));
  }

  void setNow(long millis) {
    nowMillis = millis;
  }

  @Override
  public Map<Labels, SeriesPoints> series(String metricName) {
    Map<Labels, SeriesPoints> out = new LinkedHashMap<>();
    for (Series s : byName.getOrDefault(metricName, List.of())) {
      int last = -1;
      for (int i = 0; i < s.times().length && s.times()[i] <= nowMillis; i++) {
        last = i;
      }
      if (last < 0 || s.stale()[last]) {
        continue;
      }
      List<long[]> kept = new ArrayList<>();
      for (int i = 0; i <= last; i++) {
        if (!s.stale()[i]) {
          kept.add(new long[] {s.times()[i], Double.doubleToRawLongBits(s.values()[i])});
        }
      }
      long[] t = new long[kept.size()];
      double[] v = new double[kept.size()];
      for (int i = 0; i < t.length; i++) {
        t[i] = kept.get(i)[0];
        v[i] = Double.longBitsToDouble(kept.get(i)[1]);
      }
      out.put(s.labels(), new SeriesPoints(t, v));
    }
    recorded
        .getOrDefault(metricName, Map.of())
        .forEach(
            (labels, points) -> {
              NavigableMap<Long, Double> upToNow = points.headMap(nowMillis, true);
              if (!upToNow.isEmpty()
                  && Double.doubleToRawLongBits(upToNow.lastEntry().getValue()) != ENDED) {
                long[] t = new long[upToNow.size()];
                double[] v = new double[upToNow.size()];
                int n = 0;
                for (Map.Entry<Long, Double> p : upToNow.entrySet()) {
                  if (Double.doubleToRawLongBits(p.getValue()) != ENDED) {
                    t[n] = p.getKey();
                    v[n++] = p.getValue();
                  }
                }
                out.put(labels, new SeriesPoints(Arrays.copyOf(t, n), Arrays.copyOf(v, n)));
              }
            });
    return out;
  }

  @Override
  public void record(String metricName, Labels labels, long atMillis, double value) {
    recorded
        .computeIfAbsent(metricName, k -> new HashMap<>())
        .computeIfAbsent(labels, k -> new TreeMap<>())
        .put(atMillis, value);
  }

  @Override
  public void endRecorded(String metricName, Labels labels, long atMillis) {
    recorded
        .getOrDefault(metricName, Map.of())
        .getOrDefault(labels, new TreeMap<>())
        .put(atMillis, Double.longBitsToDouble(ENDED));
  }
}
