package io.kshealth.alerts;

import io.kshealth.alerts.expr.SeriesSource;
import io.kshealth.api.Labels;
import io.kshealth.api.SeriesKey;
import io.kshealth.core.history.HistoryStore;
import io.kshealth.core.history.SeriesPoints;
import java.util.Map;

/** Rules read the agent's own history store. */
final class HistorySource implements SeriesSource {

  private final HistoryStore history;

  HistorySource(HistoryStore history) {
    this.history = history;
  }

  @Override
  public Map<Labels, SeriesPoints> series(String metricName) {
    return history.seriesNamed(metricName);
  }

  @Override
  public void record(String metricName, Labels labels, long atMillis, double value) {
    history.record(new SeriesKey(metricName, labels), atMillis, value);
  }

  @Override
  public void endRecorded(String metricName, Labels labels, long atMillis) {
    history.endRecorded(new SeriesKey(metricName, labels), atMillis);
  }
}
