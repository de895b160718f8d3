package io.kshealth.collectors.support.jvm;

import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.Snapshot;
import io.kshealth.collectors.support.jmx.MBeanValues;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.TreeMap;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;

/**
 * The watched JVM's garbage collectors: their counters, and the share of time spent in GC pauses
 * between two runs, from the agent's own clock.
 */
final class GarbageCollectors {

  static final Metric COLLECTIONS =
      Metric.counter(
          "kshealth_target_jvm_gc_collections_total",
          "Collections the garbage collector ran in the watched JVM.");
  static final Metric SECONDS =
      Metric.counter(
          "kshealth_target_jvm_gc_seconds_total",
          "Time the garbage collector of the watched JVM reports for its collections.");
  static final Metric TIME_RATIO =
      Metric.gauge(
          "kshealth_target_jvm_gc_time_ratio",
          "Share of wall time the watched JVM spent in GC pauses since the previous run.");

  private static final String COLLECTOR_MBEANS = "java.lang:type=GarbageCollector,*";
  private static final List<String> ATTRIBUTES = List.of("CollectionCount", "CollectionTime");

  private record Reading(double count, double timeMillis) {}

  private final Labels labels;
  private final Clock clock;
  private Map<String, Reading> previous = Map.of();
  private long previousMillis;

  GarbageCollectors(Labels labels, Clock clock) {
    this.labels = labels;
    this.clock = clock;
  }

  void read(MBeanServerConnection server, Snapshot.Builder out) throws IOException, JMException {
    long now = clock.millis();
    Map<String, Reading> current = new TreeMap<>();
    for (ObjectName name : MBeanValues.query(server, COLLECTOR_MBEANS)) {
      MBeanValues values = MBeanValues.read(server, name, ATTRIBUTES);
      String gc = name.getKeyProperty("name");
      OptionalDouble count = JvmReader.defined(values.number("CollectionCount"));
      OptionalDouble time = JvmReader.defined(values.number("CollectionTime"));
      count.ifPresent(c -> out.add(COLLECTIONS, labels.and("gc", gc), c));
      time.ifPresent(t -> out.add(SECONDS, labels.and("gc", gc), t / 1000));
      if (count.isPresent() && time.isPresent()) {
        current.put(gc, new Reading(count.getAsDouble(), time.getAsDouble()));
      }
    }
    OptionalDouble ratio = ratio(current, now - previousMillis);
    ratio.ifPresent(r -> out.add(TIME_RATIO, labels, r));
    previous = current;
    previousMillis = now;
  }

  /**
   * Absent on the first run, and when the collectors are not the ones of the previous run or a
   * counter went backwards: the target restarted in between, and the difference means nothing.
   */
  private OptionalDouble ratio(Map<String, Reading> current, long elapsedMillis) {
    if (previous.isEmpty() || !previous.keySet().equals(current.keySet()) || elapsedMillis <= 0) {
      return OptionalDouble.empty();
    }
    double pausedMillis = 0;
    for (Map.Entry<String, Reading> e : current.entrySet()) {
      // Both maps have the same collectors (checked above).
      Reading before = Objects.requireNonNull(previous.get(e.getKey()));
      Reading now = e.getValue();
      if (now.count() < before.count() || now.timeMillis() < before.timeMillis()) {
        return OptionalDouble.empty();
      }
      // ZGC's and Shenandoah's "… Cycles" collectors time whole concurrent cycles, which run beside
      // the application; their "… Pauses" collectors time what stopped it.
      if (!e.getKey().endsWith(" Cycles")) {
        pausedMillis += now.timeMillis() - before.timeMillis();
      }
    }
    return OptionalDouble.of(pausedMillis / elapsedMillis);
  }
}
