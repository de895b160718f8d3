package io.kshealth.collectors.ebs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;

/**
 * The queries of one {@code GetMetricData} call, and which series each query id stands for: the
 * answer refers to its results by id only.
 */
final class CloudWatchQueries {

  /** CloudWatch's limit of queries per call; past it the call would have to be split. */
  static final int MAX_QUERIES = 500;

  private final Map<String, CloudWatchSeries> seriesById = new LinkedHashMap<>();
  private final List<MetricDataQuery> queries = new ArrayList<>();

  CloudWatchQueries(CloudWatchTarget target, Duration period) {
    for (int v = 0; v < target.volumeIds().size(); v++) {
      for (CloudWatchMetric m : CloudWatchMetric.values()) {
        if (m.scope() == CloudWatchMetric.Scope.VOLUME) {
          add("v" + v + "_" + m.idSuffix(), m, target.volumeIds().get(v), period);
        }
      }
    }
    target
        .instanceId()
        .ifPresent(
            instance -> {
              for (CloudWatchMetric m : CloudWatchMetric.values()) {
                if (m.scope() == CloudWatchMetric.Scope.INSTANCE) {
                  add("i_" + m.idSuffix(), m, instance, period);
                }
              }
            });
    if (queries.isEmpty()) {
      throw new IllegalArgumentException("no volume and no instance to ask CloudWatch about");
    }
    if (queries.size() > MAX_QUERIES) {
      // One call per poll keeps the cost per poll plain; an instance has far fewer volumes.
      throw new IllegalArgumentException(
          queries.size() + " CloudWatch queries; one call takes at most " + MAX_QUERIES);
    }
  }

  private void add(String id, CloudWatchMetric metric, String dimensionValue, Duration period) {
    seriesById.put(id, new CloudWatchSeries(metric, dimensionValue));
    queries.add(
        MetricDataQuery.builder()
            .id(id)
            .returnData(true)
            .metricStat(
                MetricStat.builder()
                    .metric(
                        Metric.builder()
                            .namespace(metric.scope().namespace())
                            .metricName(metric.metricName())
                            .dimensions(
                                Dimension.builder()
                                    .name(metric.scope().dimension())
                                    .value(dimensionValue)
                                    .build())
                            .build())
                    .period((int) period.toSeconds())
                    .stat(metric.statistic())
                    .build())
            .build());
  }

  List<MetricDataQuery> queries() {
    return Collections.unmodifiableList(queries);
  }

  /** The series a result id belongs to; empty for an id this call did not send. */
  Optional<CloudWatchSeries> series(String id) {
    return Optional.ofNullable(seriesById.get(id));
  }

  int size() {
    return queries.size();
  }
}
