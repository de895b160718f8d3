package io.kshealth.collectors.lag;

import static io.kshealth.collectors.lag.LagMetrics.*;

import io.kshealth.api.Labels;
import io.kshealth.api.Snapshot;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

/** Writes one run's findings as samples. */
final class LagReport {

  private LagReport() {}

  /**
   * @param withhold whether ownership is moving: per-partition values and totals are left out, so
   *     that no partition is counted by two agents; statuses and the group's own state stay
   */
  static void write(
      Snapshot.Builder out,
      Labels group,
      GroupView view,
      Map<TopicPartition, PartitionLag> partitions,
      Map<String, Integer> leaderless,
      boolean withhold,
      boolean wholeGroup) {
    out.add(MEMBERS, group, view.members().size());
    out.add(GROUP_INFO, group.and("protocol", view.protocol()), 1);
    for (GroupState s : GroupState.values()) {
      out.add(GROUP_STATE, group.and("state", name(s)), s == view.state() ? 1 : 0);
    }
    out.add(MOVING, group, withhold ? 1 : 0);
    out.add(WHOLE_GROUP, group, wholeGroup ? 1 : 0);
    leaderless.forEach((topic, n) -> out.add(LEADERLESS, group.and("topic", topic), n));

    LagStatus worst = LagStatus.OK;
    int[] counts = new int[LagStatus.values().length];
    for (PartitionLag p : partitions.values()) {
      worst = worst.worst(p.status());
      counts[p.status().ordinal()]++;
    }
    for (LagStatus s : LagStatus.values()) {
      out.add(STATUS, group.and("status", s.name()), s == worst ? 1 : 0);
      out.add(PARTITIONS, group.and("status", s.name()), counts[s.ordinal()]);
    }
    out.add(REPORTED, group, withhold ? 0 : partitions.size());
    if (withhold) {
      return;
    }
    partitions.values().forEach(p -> partition(out, p));
    totals(out, group, partitions);
  }

  private static void partition(Snapshot.Builder out, PartitionLag p) {
    Labels labels = p.labels().base();
    out.add(RECORDS, labels, p.lag());
    p.seconds()
        .ifPresent(
            s -> out.add(SECONDS, p.estimated() ? p.labels().estimate() : p.labels().record(), s));
    if (p.offsets().committed() >= 0) {
      out.add(COMMITTED, labels, p.offsets().committed());
    }
    out.add(END, labels, p.offsets().end());
    out.add(COMMIT_AGE, labels, p.commitAgeSeconds());
    out.add(PARTITION_STATUS, labels, p.status().code());
  }

  private static void totals(
      Snapshot.Builder out, Labels group, Map<TopicPartition, PartitionLag> partitions) {
    long[] lags = partitions.values().stream().mapToLong(PartitionLag::lag).sorted().toArray();
    long total = Arrays.stream(lags).sum();
    long max = lags.length == 0 ? 0 : lags[lags.length - 1];
    double median = median(lags);
    out.add(TOTAL, group, total);
    out.add(MAX_RECORDS, group, max);
    out.add(MEDIAN_RECORDS, group, median);
    out.add(SKEW, group, max == 0 ? 0 : 1 - median / max);
    partitions.values().stream()
        .filter(p -> p.seconds().isPresent())
        .mapToDouble(p -> p.seconds().getAsDouble())
        .max()
        .ifPresent(s -> out.add(MAX_SECONDS, group, s));
  }

  /** The median of sorted values; 0 for none. */
  static double median(long[] sorted) {
    int n = sorted.length;
    if (n == 0) {
      return 0;
    }
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }

  private static String name(GroupState s) {
    return s.name().toLowerCase(Locale.ROOT);
  }
}
