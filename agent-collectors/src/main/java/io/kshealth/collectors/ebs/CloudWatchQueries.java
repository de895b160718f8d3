package io.kshealth.collectors.ebs;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The queries of one {@code GetMetricData} call, and which series each query id stands for: the
 * answer refers to its results by id only.
 */
final class CloudWatchQueries {

  /** CloudWatch's limit of queries per call; past it the call would have to be split. */
  static final int MAX_QUERIES = 500;

  private final Map<String, CloudWatchSeries> seriesById = new LinkedHashMap<>();
  private final int periodSeconds;

  CloudWatchQueries(CloudWatchTarget target, Duration period) {
    this.periodSeconds = Math.toIntExact(period.toSeconds());
    for (int v = 0; v < target.volumeIds().size(); v++) {
      for (CloudWatchMetric m : CloudWatchMetric.values()) {
        if (m.scope() == CloudWatchMetric.Scope.VOLUME) {
          add("v" + v + "_" + m.idSuffix(), m, target.volumeIds().get(v));
        }
      }
    }
    target
        .instanceId()
        .ifPresent(
            instance -> {
              for (CloudWatchMetric m : CloudWatchMetric.values()) {
                if (m.scope() == CloudWatchMetric.Scope.INSTANCE) {
                  add("i_" + m.idSuffix(), m, instance);
                }
              }
            });
    if (seriesById.isEmpty()) {
      throw new IllegalArgumentException("no volume and no instance to ask CloudWatch about");
    }
    if (seriesById.size() > MAX_QUERIES) {
      // One call per poll keeps the cost per poll plain; an instance has far fewer volumes.
      throw new IllegalArgumentException(
          seriesById.size() + " CloudWatch queries; one call takes at most " + MAX_QUERIES);
    }
  }

  private void add(String id, CloudWatchMetric metric, String dimensionValue) {
    seriesById.put(id, new CloudWatchSeries(metric, dimensionValue));
  }

  /** Each query's id and the series it asks for, in the order they are sent. */
  Map<String, CloudWatchSeries> queries() {
    return Collections.unmodifiableMap(seriesById);
  }

  /** The period every query aggregates its points over. */
  int periodSeconds() {
    return periodSeconds;
  }

  /** The series a result id belongs to; empty for an id this call did not send. */
  Optional<CloudWatchSeries> series(String id) {
    return Optional.ofNullable(seriesById.get(id));
  }

  int size() {
    return seriesById.size();
  }
}
