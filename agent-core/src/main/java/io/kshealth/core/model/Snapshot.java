package io.kshealth.core.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything one collector run saw: the collector's name, when the run started (epoch millis) and
 * its samples.
 */
public record Snapshot(String collector, long takenAtMillis, List<Sample> samples) {
  public Snapshot {
    samples = List.copyOf(samples);
  }

  /**
   * Collects the samples of one run. Samples added without a timestamp get the run's start time.
   * Not thread-safe: one run, one thread.
   */
  public static final class Builder {
    private final String collector;
    private final long takenAtMillis;
    private final List<Sample> samples = new ArrayList<>();

    public Builder(String collector, long takenAtMillis) {
      this.collector = collector;
      this.takenAtMillis = takenAtMillis;
    }

    public Builder add(Metric metric, Labels labels, double value) {
      return add(new Sample(metric, labels, value, takenAtMillis));
    }

    public Builder add(Sample sample) {
      samples.add(sample);
      return this;
    }

    public Snapshot build() {
      return new Snapshot(collector, takenAtMillis, samples);
    }
  }
}
