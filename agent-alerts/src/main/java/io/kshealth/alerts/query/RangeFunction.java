package io.kshealth.alerts.query;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The functions of a range selector that {@code series:} may apply: {@code rate(x[5m])}. */
public enum RangeFunction {
  RATE,
  INCREASE,
  CHANGES,
  DERIV,
  AVG_OVER_TIME,
  MIN_OVER_TIME,
  MAX_OVER_TIME,
  SUM_OVER_TIME,
  COUNT_OVER_TIME;

  /** The name as PromQL writes it: {@code avg_over_time}. */
  public String promql() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Optional<RangeFunction> named(String name) {
    return Arrays.stream(values()).filter(f -> f.promql().equals(name)).findFirst();
  }

  static String names() {
    return Arrays.stream(values()).map(RangeFunction::promql).collect(Collectors.joining(", "));
  }
}
