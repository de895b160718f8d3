package io.kshealth.api;

/** How a metric's value behaves over time: a gauge goes up and down, a counter only goes up. */
public enum MetricType {
  GAUGE,
  COUNTER
}
