package io.kshealth.core.http;

import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.MetricType;
import io.kshealth.api.Sample;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the agent's {@code kshealth_*} samples into the Prometheus registry that Micrometer's {@code
 * /metrics} output is written from. Samples come from in-memory sources (latest snapshots,
 * scheduler state) read at scrape time, so a scrape costs no collection work and label sets may
 * come and go freely between scrapes.
 */
public final class SampleExposition implements MultiCollector {

  private static final Logger LOG = LoggerFactory.getLogger(SampleExposition.class);

  private final List<Supplier<? extends Collection<Sample>>> sources;
  private final Set<String> warnedDuplicates = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public SampleExposition(List<Supplier<? extends Collection<Sample>>> sources) {
    this.sources = List.copyOf(sources);
  }

  @Override
  public MetricSnapshots collect() {
    Map<String, Family> families = new LinkedHashMap<>();
    for (Supplier<? extends Collection<Sample>> source : sources) {
      for (Sample s : source.get()) {
        families.computeIfAbsent(s.metric().name(), n -> new Family(s.metric())).add(s);
      }
    }
    List<MetricSnapshot> snapshots = new ArrayList<>(families.size());
    for (Family f : families.values()) {
      snapshots.add(f.snapshot());
    }
    return new MetricSnapshots(snapshots);
  }

  /** The samples of one metric, with each label set once (the first source that had it wins). */
  private final class Family {
    private final Metric metric;
    private final Set<Labels> seen = new HashSet<>();
    private final List<Sample> samples = new ArrayList<>();

    Family(Metric metric) {
      this.metric = metric;
    }

    void add(Sample s) {
      if (!s.metric().equals(metric)) {
        warnOnce(s.metric().name(), "two different definitions of metric " + metric.name());
      } else if (!seen.add(s.labels())) {
        warnOnce(
            s.series().toString(), "series " + s.series() + " is reported twice; kept the first");
      } else {
        samples.add(s);
      }
    }

    MetricSnapshot snapshot() {
      if (metric.type() == MetricType.COUNTER) {
        // The exposition writers add the _total suffix themselves.
        String base = metric.name().substring(0, metric.name().length() - "_total".length());
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(base).help(metric.help());
        for (Sample s : samples) {
          b.dataPoint(
              CounterSnapshot.CounterDataPointSnapshot.builder()
                  .labels(toPrometheus(s.labels()))
                  .value(s.value())
                  .build());
        }
        return b.build();
      }
      GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(metric.name()).help(metric.help());
      for (Sample s : samples) {
        b.dataPoint(
            GaugeSnapshot.GaugeDataPointSnapshot.builder()
                .labels(toPrometheus(s.labels()))
                .value(s.value())
                .build());
      }
      return b.build();
    }
  }

  private void warnOnce(String key, String message) {
    if (warnedDuplicates.add(key)) {
      LOG.warn(message);
    }
  }

  private static io.prometheus.metrics.model.snapshots.Labels toPrometheus(Labels labels) {
    String[] names = new String[labels.size()];
    String[] values = new String[labels.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = labels.name(i);
      values[i] = labels.value(i);
    }
    return io.prometheus.metrics.model.snapshots.Labels.of(names, values);
  }
}
