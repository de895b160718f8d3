package io.kshealth.collectors.ebs;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What one poll knows. A series without data has no entry in {@code points}: CloudWatch not having
 * a value is never a value of 0 (a gp2 volume of 1 TiB or more has no {@code BurstBalance} at all).
 *
 * @param points the newest point of each series that had one in the window
 * @param incomplete the series whose last answer was not {@code Complete}, with the status
 *     CloudWatch gave ({@code PartialData}, {@code InternalError}, {@code Forbidden}); their
 *     points, if any, are what arrived
 * @param fetchedAt when the points were fetched; empty before the first successful call
 * @param stale true when this poll could not fetch (failed, or backing off): the points are those
 *     of {@code fetchedAt}
 * @param problem why the last call failed; empty when it did not
 * @param metricsRequested metrics asked for since the poller started, counted per call the poller
 *     makes (every page, and failed calls too, which may be billed); the one retry inside a call is
 *     not counted. CloudWatch bills {@code GetMetricData} per metric requested (about $0.01 per
 *     1,000), so this shows the cost.
 */
record CloudWatchReading(
    Map<CloudWatchSeries, CloudWatchPoint> points,
    Map<CloudWatchSeries, String> incomplete,
    Optional<Instant> fetchedAt,
    boolean stale,
    String problem,
    long metricsRequested) {

  public CloudWatchReading {
    points = Map.copyOf(points);
    incomplete = Map.copyOf(incomplete);
  }

  /**
   * The newest point of a metric of a volume or of the instance; empty when CloudWatch had none.
   */
  public Optional<CloudWatchPoint> point(CloudWatchMetric metric, String dimensionValue) {
    return Optional.ofNullable(points.get(new CloudWatchSeries(metric, dimensionValue)));
  }

  /** The same points, marked stale because of {@code why}. */
  CloudWatchReading stale(String why, long requested) {
    return new CloudWatchReading(points, incomplete, fetchedAt, true, why, requested);
  }
}
