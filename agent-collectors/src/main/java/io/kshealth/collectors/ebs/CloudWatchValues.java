package io.kshealth.collectors.ebs;

import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.Snapshot;
import java.util.Map;
import java.util.Optional;

/**
 * What CloudWatch last said, as metrics: the volume's burst balance and checks, the instance's EBS
 * balances, the age of the newest balance point, whether the values are stale, and what polling has
 * cost. A series CloudWatch has no point for is left out.
 */
final class CloudWatchValues {

  static final Metric BURST_BALANCE =
      Metric.gauge(
          "kshealth_ebs_burst_balance_ratio",
          "BurstBalance from CloudWatch, 0 to 1: the gp2/st1/sc1 credit bucket left, minutes old.");
  static final Metric BURST_BALANCE_AGE =
      Metric.gauge(
          "kshealth_ebs_burst_balance_age_seconds",
          "How old CloudWatch's newest BurstBalance point is: from the end of its minute to now.");
  static final Metric QUEUE_LENGTH =
      Metric.gauge("kshealth_ebs_queue_length", "VolumeQueueLength from CloudWatch.");
  static final Metric INSTANCE_IO_BALANCE =
      Metric.gauge(
          "kshealth_ebs_instance_io_balance_ratio",
          "EBSIOBalance% of the instance, 0 to 1 (instance sizes with burstable EBS bandwidth).");
  static final Metric INSTANCE_BYTE_BALANCE =
      Metric.gauge(
          "kshealth_ebs_instance_byte_balance_ratio", "EBSByteBalance% of the instance, 0 to 1.");
  static final Metric STALE =
      Metric.gauge(
          "kshealth_ebs_cloudwatch_stale",
          "1 when the last CloudWatch call failed or was held back, and the values are older.");
  static final Metric REQUESTED =
      Metric.counter(
          "kshealth_ebs_cloudwatch_metrics_requested_total",
          "Metrics asked of GetMetricData, which CloudWatch bills for (about $0.01 per 1,000).");

  /** The 0/1 checks (Nitro), each the Maximum over its minute. */
  private static final Map<CloudWatchMetric, Metric> CHECKS =
      Map.of(
          CloudWatchMetric.IOPS_EXCEEDED,
          Metric.gauge(
              "kshealth_ebs_iops_exceeded",
              "1 when the volume was asked for more IOPS than it has."),
          CloudWatchMetric.THROUGHPUT_EXCEEDED,
          Metric.gauge(
              "kshealth_ebs_throughput_exceeded",
              "1 when the volume was asked for more throughput than it has."),
          CloudWatchMetric.STALLED_IO,
          Metric.gauge("kshealth_ebs_stalled_io", "1 when EBS saw the volume's I/O stall."));

  void report(
      Snapshot.Builder out,
      CloudWatchReading reading,
      String volumeId,
      String instanceId,
      long now) {
    Labels volume = Labels.of("volume_id", volumeId);
    Labels instance = Labels.of("instance_id", instanceId);
    Optional<CloudWatchPoint> balance = reading.point(CloudWatchMetric.BURST_BALANCE, volumeId);
    balance.ifPresent(
        p -> {
          out.add(BURST_BALANCE, volume, p.value() / 100);
          out.add(BURST_BALANCE_AGE, volume, (now - p.timestamp().toEpochMilli()) / 1000.0 - 60);
        });
    CHECKS.forEach(
        (metric, name) ->
            reading.point(metric, volumeId).ifPresent(p -> out.add(name, volume, p.value())));
    reading
        .point(CloudWatchMetric.QUEUE_LENGTH, volumeId)
        .ifPresent(p -> out.add(QUEUE_LENGTH, volume, p.value()));
    reading
        .point(CloudWatchMetric.EBS_IO_BALANCE, instanceId)
        .ifPresent(p -> out.add(INSTANCE_IO_BALANCE, instance, p.value() / 100));
    reading
        .point(CloudWatchMetric.EBS_BYTE_BALANCE, instanceId)
        .ifPresent(p -> out.add(INSTANCE_BYTE_BALANCE, instance, p.value() / 100));
    out.add(STALE, Labels.EMPTY, reading.stale() ? 1 : 0);
    out.add(REQUESTED, Labels.EMPTY, reading.metricsRequested());
  }
}
