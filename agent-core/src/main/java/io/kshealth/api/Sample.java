package io.kshealth.api;

import java.util.Objects;

/**
 * One observed value: a metric, its labels, the value, and when it was observed (epoch millis). The
 * timestamp is the observation's own: a CloudWatch point is older than the collection run.
 */
public record Sample(Metric metric, Labels labels, double value, long timestampMillis) {
  public Sample {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(labels, "labels");
  }

  /** The series this sample belongs to. */
  public SeriesKey series() {
    return new SeriesKey(metric.name(), labels);
  }
}
