package io.kshealth.collectors.lag;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kshealth.api.Labels;
import io.kshealth.api.Sample;
import io.kshealth.api.Snapshot;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class LagReportTest {

  private static final Labels GROUP = Labels.of("group", "app");
  private static final GroupView VIEW = new GroupView("classic", GroupState.STABLE, List.of());

  private static Map<TopicPartition, PartitionLag> lags(long... lags) {
    Map<TopicPartition, PartitionLag> m = new TreeMap<>(Partitions.ORDER);
    for (int p = 0; p < lags.length; p++) {
      LagStatus status = lags[p] > 1000 ? LagStatus.STALL : LagStatus.OK;
      TopicPartition tp = new TopicPartition("events", p);
      m.put(
          tp,
          new PartitionLag(
              PartitionLabels.of(GROUP, tp),
              new PartitionOffsets(0, lags[p], -1),
              lags[p],
              OptionalDouble.of(lags[p] / 100.0),
              false,
              status,
              1,
              Head.NOT_READ));
    }
    return m;
  }

  private static List<Sample> write(Map<TopicPartition, PartitionLag> lags, boolean withhold) {
    Snapshot.Builder out = new Snapshot.Builder("lag", 0);
    LagReport.write(out, GROUP, VIEW, lags, Map.of("events", 0), withhold, true);
    return out.build().samples();
  }

  private static double value(List<Sample> samples, String name, Labels labels) {
    return samples.stream()
        .filter(s -> s.metric().name().equals(name) && s.labels().equals(labels))
        .mapToDouble(Sample::value)
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + labels + " not in " + samples));
  }

  @Test
  void aFewStuckPartitionsShowAsSkewAndTheGroupTakesTheirStatus() {
    List<Sample> s = write(lags(10, 12, 8, 11, 9, 5000), false);
    assertEquals(5050, value(s, "kshealth_lag_total_records", GROUP));
    assertEquals(5000, value(s, "kshealth_lag_max_records", GROUP));
    assertEquals(10.5, value(s, "kshealth_lag_median_records", GROUP));
    assertEquals(1 - 10.5 / 5000, value(s, "kshealth_lag_skew_ratio", GROUP));
    assertEquals(50, value(s, "kshealth_lag_max_seconds", GROUP));
    assertEquals(1, value(s, "kshealth_lag_status", GROUP.and("status", "STALL")));
    assertEquals(0, value(s, "kshealth_lag_status", GROUP.and("status", "OK")));
    assertEquals(5, value(s, "kshealth_lag_partitions", GROUP.and("status", "OK")));
  }

  @Test
  void anEvenLagHasNoSkew() {
    List<Sample> s = write(lags(7, 7, 7, 7), false);
    assertEquals(0, value(s, "kshealth_lag_skew_ratio", GROUP));
    assertEquals(
        0,
        write(lags(0, 0), false).stream()
            .filter(x -> x.metric().name().equals("kshealth_lag_skew_ratio"))
            .mapToDouble(Sample::value)
            .sum());
  }

  @Test
  void whileOwnershipMovesNothingSummableIsReported() {
    List<Sample> s = write(lags(10, 20), true);
    assertEquals(1, value(s, "kshealth_lag_ownership_moving", GROUP));
    assertEquals(0, value(s, "kshealth_lag_reported_partitions", GROUP));
    assertEquals(
        List.of(),
        s.stream()
            .map(x -> x.metric().name())
            .filter(n -> n.equals("kshealth_lag_records") || n.equals("kshealth_lag_total_records"))
            .toList());
    assertEquals(1, value(s, "kshealth_lag_status", GROUP.and("status", "OK")));
  }
}
