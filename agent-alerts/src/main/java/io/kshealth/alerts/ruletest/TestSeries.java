package io.kshealth.alerts.ruletest;

import io.kshealth.alerts.expr.SeriesSource;
import io.kshealth.api.Labels;
import io.kshealth.core.history.SeriesPoints;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test's input series as the engine sees them at the current evaluation time: the samples up to
 * now, and no series at all after a staleness marker until its next sample (Prometheus' staleness).
 */
final class TestSeries implements SeriesSource {

  private record Series(Labels labels, long[] times, double[] values, boolean[] stale) {}

  private final Map<String, List<Series>> byName = new HashMap<>();
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
    return out;
  }
}
