package io.kshealth.alerts.query;

import io.kshealth.api.Labels;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a rule's {@code series:} says, in a PromQL subset of one level:
 *
 * <pre>
 * series := filter | AGG [by|without (l, …)] ( [number,] filter ) [by|without (l, …)]
 * filter := inner [ (==|!=|&gt;|&lt;|&gt;=|&lt;=) number ]
 * inner  := selector | FN(selector[duration])
 * </pre>
 *
 * with AGG one of {@link AggregationOp} and FN one of {@link RangeFunction}: {@code sum by
 * (client_id) (increase(kshealth_streams_thread_rebalances_total[15m]))}. A bare selector is
 * {@linkplain #isPlain() plain}: the rule watches each of its series as stored.
 *
 * @param selector the series read
 * @param function applied to each series' last {@code range}, or null
 * @param range the range selector's duration; zero without a function
 * @param filter keeps the series whose value compares true, or null
 * @param aggregation merges the series into groups, or null
 * @param text as written, for messages
 */
public record SeriesQuery(
    SeriesSelector selector,
    @Nullable RangeFunction function,
    Duration range,
    @Nullable Comparison filter,
    @Nullable Aggregation aggregation,
    String text) {

  /** Parses {@code series:}; see {@link SeriesQueryParser} for the errors it names. */
  public static SeriesQuery parse(String text) {
    return SeriesQueryParser.parse(text);
  }

  /** A bare selector: no function, no filter, no aggregation. */
  public boolean isPlain() {
    return function == null && filter == null && aggregation == null;
  }

  public String metric() {
    return selector.metric();
  }

  /** A comparison with a number that keeps the series for which it holds, as PromQL's filter. */
  public record Comparison(String op, double number) {

    public boolean keeps(double v) {
      return switch (op) {
        case "==" -> v == number;
        case "!=" -> v != number;
        case ">" -> v > number;
        case "<" -> v < number;
        case ">=" -> v >= number;
        default -> v <= number;
      };
    }
  }

  /**
   * One level of aggregation.
   *
   * @param op the operator
   * @param parameter φ of {@code quantile}, k of {@code topk} and {@code bottomk}; else NaN
   * @param without true for {@code without (labels)}, false for {@code by (labels)} (or none)
   * @param labels the labels listed
   */
  public record Aggregation(
      AggregationOp op, double parameter, boolean without, List<String> labels) {

    public Aggregation {
      labels = List.copyOf(labels);
    }

    /**
     * The labels of a member's group: those listed ({@code by}), or all but those listed ({@code
     * without}; the metric's name is never among a member's labels here).
     */
    public Labels groupOf(Labels member) {
      Map<String, String> group = new LinkedHashMap<>();
      for (int i = 0; i < member.size(); i++) {
        if (labels.contains(member.name(i)) != without) {
          group.put(member.name(i), member.value(i));
        }
      }
      return Labels.of(group);
    }
  }
}
