package io.kshealth.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A metric's identity: its Prometheus name, its type and its help text.
 *
 * <p>Names follow Prometheus conventions and are checked here, once, when the constant is created:
 * a {@code kshealth_} prefix, base units in the name, {@code _total} on counters only. A name with
 * a colon is a recording rule's ({@link #recorded}): Prometheus reserves colons for them, and it
 * names its own level and operations ({@code client:kshealth_x:max_increase}).
 *
 * <pre>{@code
 * static final Metric RSS = Metric.gauge("kshealth_process_resident_memory_bytes", "Resident set size.");
 * }</pre>
 */
public record Metric(String name, MetricType type, String help) {

  /** Every metric about the watched application or the agent's view of it lives under this. */
  public static final String PREFIX = "kshealth_";

  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");

  /** Prometheus' metric names, with at least one colon. */
  private static final Pattern RECORDED_NAME =
      Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*:[a-zA-Z0-9_:]*");

  public Metric {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    if (RECORDED_NAME.matcher(name).matches()) {
      if (type != MetricType.GAUGE) {
        throw new IllegalArgumentException("a recorded series is a gauge: " + name);
      }
    } else {
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("metric name must match " + NAME + ": " + name);
      }
      if (!name.startsWith(PREFIX)) {
        throw new IllegalArgumentException("metric name must start with " + PREFIX + ": " + name);
      }
      if ((type == MetricType.COUNTER) != name.endsWith("_total")) {
        throw new IllegalArgumentException("counters, and only counters, end in _total: " + name);
      }
    }
    if (help == null || help.isBlank()) {
      throw new IllegalArgumentException("metric needs a help text: " + name);
    }
  }

  public static Metric gauge(String name, String help) {
    return new Metric(name, MetricType.GAUGE, help);
  }

  public static Metric counter(String name, String help) {
    return new Metric(name, MetricType.COUNTER, help);
  }

  /** Whether {@code name} is a recording rule's: a Prometheus metric name with a colon. */
  public static boolean isRecordedName(String name) {
    return RECORDED_NAME.matcher(name).matches();
  }

  /** The series a recording rule writes, under the rule's name, which holds a colon. */
  public static Metric recorded(String name) {
    if (!isRecordedName(name)) {
      throw new IllegalArgumentException("a recording rule's name holds a colon: " + name);
    }
    return gauge(name, "Written by the recording rule " + name + ".");
  }
}
