package io.kshealth.collectors.lag;

import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/** A Kafka client's count of requests sent to brokers, from its own metrics. */
final class ClientRequests {

  private ClientRequests() {}

  /** The client-level {@code request-total} (no node tag): every request to every broker. */
  static double total(Map<MetricName, ? extends Metric> metrics) {
    for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
      MetricName n = e.getKey();
      if (n.name().equals("request-total")
          && n.group().endsWith("-metrics")
          && !n.group().contains("node")
          && e.getValue().metricValue() instanceof Number v) {
        return v.doubleValue();
      }
    }
    return 0;
  }
}
