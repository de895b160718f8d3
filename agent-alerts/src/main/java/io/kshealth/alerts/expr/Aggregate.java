package io.kshealth.alerts.expr;

import io.kshealth.alerts.query.AggregationOp;
import io.kshealth.alerts.query.SeriesQuery.Aggregation;
import io.kshealth.api.Labels;
import io.kshealth.core.history.SeriesPoints;
import io.kshealth.core.schedule.Deadline;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PromQL's aggregation operators over the members' values at one instant, as Prometheus 2.42
 * computes them (promql/engine.go, aggregation): {@code sum}, {@code avg}, {@code min}, {@code max}
 * and {@code count} are the {@code *_over_time} functions' code over the members' values, which
 * treats NaN as PromQL's aggregation does ({@code sum} and {@code avg} give NaN, {@code min} and
 * {@code max} ignore it unless every member is NaN); a group exists only when it has a member.
 */
final class Aggregate {

  private Aggregate() {}

  /** One value per group ({@code topk}/{@code bottomk}: per member kept), keyed by its labels. */
  static Map<Labels, Double> of(Aggregation aggregation, Map<Labels, Double> members) {
    Map<Labels, List<Map.Entry<Labels, Double>>> groups = new LinkedHashMap<>();
    members
        .entrySet()
        .forEach(
            m ->
                groups
                    .computeIfAbsent(aggregation.groupOf(m.getKey()), g -> new ArrayList<>())
                    .add(m));
    Map<Labels, Double> result = new LinkedHashMap<>();
    groups.forEach(
        (group, in) -> {
          if (aggregation.op().keepsMembers()) {
            kept(aggregation, in).forEach(m -> result.put(m.getKey(), m.getValue()));
          } else {
            result.put(group, value(aggregation, in));
          }
        });
    return result;
  }

  private static double value(Aggregation aggregation, List<Map.Entry<Labels, Double>> in) {
    double[] values = in.stream().mapToDouble(Map.Entry::getValue).toArray();
    Range r =
        new Range(
            new SeriesPoints(new long[values.length], values),
            0,
            values.length,
            0,
            0,
            null,
            Deadline.NONE);
    return switch (aggregation.op()) {
      case SUM -> WindowFunctions.sum(r);
      case MIN -> WindowFunctions.min(r);
      case MAX -> WindowFunctions.max(r);
      case AVG -> WindowFunctions.avg(r);
      case COUNT -> WindowFunctions.count(r);
      default -> quantile(aggregation.parameter(), values);
    };
  }

  /**
   * Prometheus' quantile: NaN values sort first, and the result is interpolated between the two
   * values around rank φ·(n−1).
   */
  static double quantile(double phi, double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted); // NaN last in Java
    int nans = 0;
    while (nans < sorted.length && Double.isNaN(sorted[sorted.length - 1 - nans])) {
      nans++;
    }
    double[] ordered = new double[sorted.length];
    Arrays.fill(ordered, 0, nans, Double.NaN);
    System.arraycopy(sorted, 0, ordered, nans, sorted.length - nans);
    double n = ordered.length;
    double rank = phi * (n - 1);
    double lower = Math.max(0, Math.floor(rank));
    double upper = Math.min(n - 1, lower + 1);
    double weight = rank - Math.floor(rank);
    return ordered[(int) lower] * (1 - weight) + ordered[(int) upper] * weight;
  }

  /**
   * The k largest ({@code topk}) or smallest ({@code bottomk}) members; a NaN member is kept only
   * when there are not k others, as Prometheus' heaps order NaN below every number for {@code topk}
   * and above every number for {@code bottomk}.
   */
  private static List<Map.Entry<Labels, Double>> kept(
      Aggregation aggregation, List<Map.Entry<Labels, Double>> in) {
    boolean top = aggregation.op() == AggregationOp.TOPK;
    Comparator<Map.Entry<Labels, Double>> nanLast =
        Comparator.comparing(m -> Double.isNaN(m.getValue()));
    Comparator<Map.Entry<Labels, Double>> byValue = Comparator.comparingDouble(Map.Entry::getValue);
    List<Map.Entry<Labels, Double>> sorted = new ArrayList<>(in);
    sorted.sort(nanLast.thenComparing(top ? byValue.reversed() : byValue));
    return sorted.subList(0, Math.min(sorted.size(), (int) aggregation.parameter()));
  }
}
