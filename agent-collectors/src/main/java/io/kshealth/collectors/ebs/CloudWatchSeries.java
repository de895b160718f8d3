package io.kshealth.collectors.ebs;

/**
 * One metric of one volume or of the instance.
 *
 * @param dimensionValue the volume id or the instance id, as the metric's scope says
 */
record CloudWatchSeries(CloudWatchMetric metric, String dimensionValue) {

  @Override
  public String toString() {
    return metric.metricName() + "{" + metric.scope().dimension() + "=" + dimensionValue + "}";
  }
}
