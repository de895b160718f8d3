package io.kshealth.collectors.support.jmx;

import static org.junit.jupiter.api.Assertions.assertNull;

import io.kshealth.api.Labels;
import io.kshealth.api.Sample;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a reader reported for one label set, as the tests of every reader compare it. */
public final class SampleValues {

  private SampleValues() {}

  /** The samples with exactly {@code labels}, by metric name; a metric reported twice fails. */
  public static Map<String, Double> values(List<Sample> samples, Labels labels) {
    Map<String, Double> values = new TreeMap<>();
    for (Sample s : samples) {
      if (s.labels().equals(labels)) {
        assertNull(values.put(s.metric().name(), s.value()), s.toString());
      }
    }
    return values;
  }
}
