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
}
