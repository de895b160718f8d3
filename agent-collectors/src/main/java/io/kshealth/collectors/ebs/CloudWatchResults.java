package io.kshealth.collectors.ebs;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pages of one {@code GetMetricData} call folded into the newest point per series. A result id
 * can come back on several pages (CloudWatch says {@code PartialData} and hands a token for the
 * rest), so points are merged by timestamp rather than taken from one page.
 */
final class CloudWatchResults {

  private final CloudWatchQueries queries;
  private final Map<CloudWatchSeries, CloudWatchPoint> newest = new HashMap<>();
  private final Map<CloudWatchSeries, String> status = new HashMap<>();

  CloudWatchResults(CloudWatchQueries queries) {
    this.queries = queries;
  }

  void add(List<GetMetricDataPage.Result> page) {
    for (GetMetricDataPage.Result result : page) {
      queries
          .series(result.id())
          .ifPresent(
              series -> {
                status.put(series, result.statusCode());
                List<Instant> times = result.timestamps();
                List<Double> values = result.values();
                for (int i = 0; i < times.size(); i++) {
                  CloudWatchPoint p = new CloudWatchPoint(values.get(i), times.get(i));
                  newest.merge(series, p, CloudWatchResults::newer);
                }
              });
    }
  }

  private static CloudWatchPoint newer(CloudWatchPoint a, CloudWatchPoint b) {
    return b.timestamp().isAfter(a.timestamp()) ? b : a;
  }

  CloudWatchReading reading(Instant fetchedAt, long metricsRequested) {
    Map<CloudWatchSeries, String> incomplete = new HashMap<>(status);
    incomplete.values().removeIf(GetMetricDataPage.Result.COMPLETE::equals);
    return new CloudWatchReading(
        newest, incomplete, Optional.of(fetchedAt), false, "", metricsRequested);
  }
}
