package io.kshealth.alerts.expr;

import io.kshealth.api.Labels;
import io.kshealth.core.history.SeriesPoints;
import java.util.Map;

/**
 * Where rules read series from: the agent's history store, or a rule unit test's input series.
 * Points are oldest first and none is later than the evaluation time.
 */
public interface SeriesSource {

  /** Every series of one metric, by labels; empty when there is none. */
  Map<Labels, SeriesPoints> series(String metricName);

  /**
   * Keeps a recording rule's value of one series at the evaluation time, so that later rules read
   * it like a collected series. A source that cannot keep series refuses.
   */
  default void record(String metricName, Labels labels, long atMillis, double value) {
    throw new UnsupportedOperationException("this series source does not keep recorded series");
  }

  /** Ends a recorded series its rule no longer gives (Prometheus' staleness marker). */
  default void endRecorded(String metricName, Labels labels, long atMillis) {
    throw new UnsupportedOperationException("this series source does not keep recorded series");
  }
}
