package io.kshealth.collectors.lag;

import java.util.OptionalDouble;

/**
 * One partition's lag as one run found it.
 *
 * @param labels its series' labels
 * @param lag the offset lag that counts: 0 over a gap of transaction markers
 * @param seconds the time lag; empty when the record could not be read this run
 * @param estimated whether {@code seconds} is a lower bound from the oldest record left
 * @param head what was read at the committed offset (the evidence of where it stopped)
 */
record PartitionLag(
    PartitionLabels labels,
    PartitionOffsets offsets,
    long lag,
    OptionalDouble seconds,
    boolean estimated,
    LagStatus status,
    double commitAgeSeconds,
    Head head) {

  /**
   * What the offsets and the head read at {@code nowMillis} say, with the status after adding this
   * poll to the partition's track.
   *
   * @param consumption whether someone consumes the partition (see {@link PartitionTrack#observe})
   */
  static PartitionLag observe(
      PartitionOffsets offsets,
      Head head,
      long nowMillis,
      Consumption consumption,
      PartitionTrack track,
      StatusRules rules) {
    long lag = head.kind() == Head.Kind.MARKERS_ONLY ? 0 : offsets.lag();
    OptionalDouble seconds;
    if (lag == 0) {
      seconds = OptionalDouble.of(0);
    } else if (head.kind() == Head.Kind.UNREAD) {
      seconds = OptionalDouble.empty();
    } else {
      seconds = OptionalDouble.of(Math.max(0, nowMillis - head.timestampMillis()) / 1000.0);
    }
    LagStatus status =
        track.observe(nowMillis, offsets.position(), lag, seconds, consumption, rules);
    return new PartitionLag(
        track.labels(),
        offsets,
        lag,
        seconds,
        head.kind() == Head.Kind.DELETED,
        status,
        track.commitAgeSeconds(nowMillis),
        head);
  }
}
