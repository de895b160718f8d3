package io.kshealth.api;

import java.util.Objects;

/** The identity of a time series: a metric name and one set of labels. */
public record SeriesKey(String name, Labels labels) implements Comparable<SeriesKey> {
  public SeriesKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(labels, "labels");
  }

  @Override
  public int compareTo(SeriesKey o) {
    int c = name.compareTo(o.name);
    return c != 0 ? c : labels.compareTo(o.labels);
  }

  @Override
  public String toString() {
    return name + labels;
  }
}
