package io.kshealth.collectors.ebs;

/**
 * The CloudWatch metrics the EBS collector reads, with the statistic each is asked for. Volume
 * metrics live in {@code AWS/EBS} under the dimension {@code VolumeId}; the instance's EBS
 * bandwidth balances in {@code AWS/EC2} under {@code InstanceId}.
 */
enum CloudWatchMetric {
  /** Percent of the gp2/st1/sc1 credit bucket left; Average, as AWS's own alarms use it. */
  BURST_BALANCE(Scope.VOLUME, "BurstBalance", "Average", "burst"),
  /**
   * 0/1 checks (Nitro): Maximum, so one exceeded or stalled sample in the minute is not averaged
   * away into a fraction nobody can read.
   */
  IOPS_EXCEEDED(Scope.VOLUME, "VolumeIOPSExceededCheck", "Maximum", "iops"),
  THROUGHPUT_EXCEEDED(Scope.VOLUME, "VolumeThroughputExceededCheck", "Maximum", "tput"),
  STALLED_IO(Scope.VOLUME, "VolumeStalledIOCheck", "Maximum", "stall"),
  QUEUE_LENGTH(Scope.VOLUME, "VolumeQueueLength", "Average", "queue"),
  /**
   * The instance's burstable EBS bandwidth (smaller sizes only): Minimum, the moment closest to
   * being held to the baseline.
   */
  EBS_IO_BALANCE(Scope.INSTANCE, "EBSIOBalance%", "Minimum", "iobal"),
  EBS_BYTE_BALANCE(Scope.INSTANCE, "EBSByteBalance%", "Minimum", "bytebal");

  /** What a metric is about, which fixes its namespace and dimension. */
  public enum Scope {
    VOLUME("AWS/EBS", "VolumeId"),
    INSTANCE("AWS/EC2", "InstanceId");

    private final String namespace;
    private final String dimension;

    Scope(String namespace, String dimension) {
      this.namespace = namespace;
      this.dimension = dimension;
    }

    public String namespace() {
      return namespace;
    }

    public String dimension() {
      return dimension;
    }
  }

  private final Scope scope;
  private final String metricName;
  private final String statistic;
  private final String idSuffix;

  CloudWatchMetric(Scope scope, String metricName, String statistic, String idSuffix) {
    this.scope = scope;
    this.metricName = metricName;
    this.statistic = statistic;
    this.idSuffix = idSuffix;
  }

  public Scope scope() {
    return scope;
  }

  /** The name CloudWatch knows the metric by. */
  public String metricName() {
    return metricName;
  }

  public String statistic() {
    return statistic;
  }

  /** The metric's part of a query id, which CloudWatch wants as {@code [a-z][a-zA-Z0-9_]*}. */
  String idSuffix() {
    return idSuffix;
  }
}
