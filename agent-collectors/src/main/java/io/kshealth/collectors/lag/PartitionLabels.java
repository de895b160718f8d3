package io.kshealth.collectors.lag;

import io.kshealth.api.Labels;
import org.apache.kafka.common.TopicPartition;

/**
 * The labels of one partition's series, made once per partition: a group of thousands of partitions
 * would otherwise build thousands of label sets every run.
 *
 * @param record and {@code estimate}: the time lag's, with its {@code source}
 */
record PartitionLabels(Labels base, Labels record, Labels estimate) {

  static PartitionLabels of(Labels group, TopicPartition tp) {
    Labels base = group.and("topic", tp.topic()).and("partition", Integer.toString(tp.partition()));
    return new PartitionLabels(base, base.and("source", "record"), base.and("source", "estimate"));
  }
}
