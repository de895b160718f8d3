package io.kshealth.collectors.lag;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * What the collector's last run that reached the brokers found, published whole at its end for
 * evidence captures, which run on an alerting thread beside the next run.
 *
 * @param group the group read
 * @param partitions every partition read, in {@link Partitions#ORDER}
 * @param instance the partitions the watched instance owned at the last run at which its client
 *     consumed (before it went gone, failed or stopped), each as last read: where a dead client's
 *     first unprocessed record is; empty without a target
 */
record LagView(
    String group,
    Map<TopicPartition, PartitionLag> partitions,
    Map<TopicPartition, PartitionLag> instance) {

  /**
   * @param found this run's partitions
   * @param owned the instance's partitions this run
   * @param consuming whether its client consumes this run: if not, the partitions it owned before
   *     are kept
   * @param before the view of the run before, if any, of the same group
   */
  static LagView of(
      String group,
      Map<TopicPartition, PartitionLag> found,
      Set<TopicPartition> owned,
      boolean consuming,
      @Nullable LagView before) {
    Map<TopicPartition, PartitionLag> last = before == null ? Map.of() : before.instance();
    Map<TopicPartition, PartitionLag> instance = new TreeMap<>(Partitions.ORDER);
    for (TopicPartition tp : consuming ? owned : last.keySet()) {
      PartitionLag p = found.containsKey(tp) ? found.get(tp) : last.get(tp);
      if (p != null) {
        instance.put(tp, p);
      }
    }
    Map<TopicPartition, PartitionLag> all = new TreeMap<>(Partitions.ORDER);
    all.putAll(found);
    return new LagView(
        group, Collections.unmodifiableMap(all), Collections.unmodifiableMap(instance));
  }
}
