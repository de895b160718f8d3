package io.kshealth.alerts.query;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * PromQL's aggregation operators that {@code series:} may use. {@code quantile}, {@code topk} and
 * {@code bottomk} take a number before the series: {@code topk(3, x)}.
 */
public enum AggregationOp {
  SUM(false),
  MIN(false),
  MAX(false),
  AVG(false),
  COUNT(false),
  QUANTILE(true),
  TOPK(true),
  BOTTOMK(true);

  private final boolean takesParameter;

  AggregationOp(boolean takesParameter) {
    this.takesParameter = takesParameter;
  }

  public boolean takesParameter() {
    return takesParameter;
  }

  /** {@code topk} and {@code bottomk} keep members, with their own labels, instead of merging. */
  public boolean keepsMembers() {
    return this == TOPK || this == BOTTOMK;
  }

  /** The name as PromQL writes it. */
  public String promql() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Optional<AggregationOp> named(String name) {
    return Arrays.stream(values()).filter(op -> op.promql().equals(name)).findFirst();
  }

  static String names() {
    return Arrays.stream(values()).map(AggregationOp::promql).collect(Collectors.joining(", "));
  }
}
