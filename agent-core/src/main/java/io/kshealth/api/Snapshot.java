package io.kshealth.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Everything one collector run saw: the collector's name, when the run started (epoch millis), its
 * samples, and when what it read started, if it knows ({@code sourceStartMillis}: for the streams
 * collector, the target JVM's start time). The history ends the collector's series this run lacks,
 * ends every series of the collector when the source start changes (a new JVM), and starts a new
 * counter series at zero at the source start.
 *
 * @param partial the run could not read part of its source (a target that did not answer in time):
 *     the series it lacks are unknown, not ended
 */
public record Snapshot(
    String collector,
    long takenAtMillis,
    List<Sample> samples,
    OptionalLong sourceStartMillis,
    boolean partial) {
  public Snapshot {
    samples = List.copyOf(samples);
    Objects.requireNonNull(sourceStartMillis, "sourceStartMillis");
  }

  /** A whole run whose source start is not known. */
  public Snapshot(String collector, long takenAtMillis, List<Sample> samples) {
    this(collector, takenAtMillis, samples, OptionalLong.empty(), false);
  }

  /**
   * Collects the samples of one run. Samples added without a timestamp get the run's start time.
   * Not thread-safe: one run, one thread.
   */
  public static final class Builder {
    private final String collector;
    private final long takenAtMillis;
    private final List<Sample> samples = new ArrayList<>();
    private OptionalLong sourceStartMillis = OptionalLong.empty();
    private boolean partial;

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

    /** When what this run read started (epoch millis): a target JVM's start time. */
    public Builder sourceStart(long millis) {
      sourceStartMillis = OptionalLong.of(millis);
      return this;
    }

    /**
     * This run could not read part of its source, so the series it lacks are not known to be gone:
     * the history does not end them, as it ends nothing for a failed run.
     */
    public Builder partial() {
      partial = true;
      return this;
    }

    public Snapshot build() {
      return new Snapshot(collector, takenAtMillis, samples, sourceStartMillis, partial);
    }
  }
}
