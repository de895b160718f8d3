package io.kshealth.collectors.ebs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CloudWatchQueriesTest {

  private static CloudWatchQueries queries(int volumes, Optional<String> instance) {
    List<String> ids = IntStream.range(0, volumes).mapToObj(i -> "vol-" + i).toList();
    return new CloudWatchQueries(
        new CloudWatchTarget("eu-west-1", Optional.empty(), ids, instance), Duration.ofMinutes(1));
  }

  @Test
  void fivePerVolumeAndTwoForTheInstance() {
    CloudWatchQueries q = queries(2, Optional.of("i-1"));

    assertEquals(12, q.size());
    assertEquals(
        Optional.of(new CloudWatchSeries(CloudWatchMetric.QUEUE_LENGTH, "vol-1")),
        q.series("v1_queue"));
    assertEquals(
        Optional.of(new CloudWatchSeries(CloudWatchMetric.EBS_BYTE_BALANCE, "i-1")),
        q.series("i_bytebal"));
    assertEquals(Optional.empty(), q.series("v2_queue"));
  }

  @Test
  void withoutAnInstanceIdOnlyVolumes() {
    assertEquals(5, queries(1, Optional.empty()).size());
  }

  @Test
  void oneCallTakesAtMost500Queries() {
    assertEquals(497, queries(99, Optional.of("i-1")).size());
    assertThrows(IllegalArgumentException.class, () -> queries(100, Optional.of("i-1")));
    assertThrows(IllegalArgumentException.class, () -> queries(0, Optional.empty()));
  }
}
