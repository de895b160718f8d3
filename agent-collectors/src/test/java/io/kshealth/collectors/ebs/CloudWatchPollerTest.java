package io.kshealth.collectors.ebs;

import static io.kshealth.collectors.ebs.CloudWatchMetric.BURST_BALANCE;
import static io.kshealth.collectors.ebs.CloudWatchMetric.EBS_IO_BALANCE;
import static io.kshealth.collectors.ebs.CloudWatchMetric.IOPS_EXCEEDED;
import static io.kshealth.collectors.ebs.CloudWatchMetric.QUEUE_LENGTH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.core.retry.Backoff;
import io.kshealth.core.testing.MutableClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The poller and its {@link GetMetricDataCaller} against {@link CloudWatchFake}, which speaks
 * Smithy RPC v2 CBOR as the SDK's generated client does ({@link GetMetricDataFidelityTest} holds
 * the fake to that). Time is the test's clock; credentials come through the SDK's default chain
 * from system properties.
 */
@ExtendWith(AwsTestCredentials.class)
class CloudWatchPollerTest {

  static final String REGION = "eu-west-1";
  static final String ACCESS_KEY = AwsTestCredentials.ACCESS_KEY;
  static final String VOLUME = "vol-0abc1234def567890";
  static final String INSTANCE = "i-0123456789abcdef0";
  static final Instant NOW = Instant.parse("2026-03-01T10:00:30Z");

  /** The window for {@link #NOW}: the current minute began 10:00, two minutes back, 20 long. */
  static final Instant END = Instant.parse("2026-03-01T09:58:00Z");

  static final Instant START = Instant.parse("2026-03-01T09:38:00Z");

  private final MutableClock clock = new MutableClock(NOW);
  private CloudWatchFake cloudWatch;
  private CloudWatchPoller poller;

  @BeforeEach
  void start() throws IOException {
    cloudWatch = new CloudWatchFake(REGION, ACCESS_KEY, AwsTestCredentials.SECRET_KEY);
    poller =
        new CloudWatchPoller(
            new CloudWatchTarget(
                REGION, Optional.of(cloudWatch.endpoint()), List.of(VOLUME), Optional.of(INSTANCE)),
            clock,
            new SplittableRandom(7));
  }

  @AfterEach
  void stop() {
    poller.close();
    cloudWatch.close();
    assertEquals(List.of(), cloudWatch.violations());
  }

  /**
   * One-minute volume data from 09:30 to 10:00 (value: the minute of the hour, so a point names its
   * own time) and five-minute instance data, some of it newer than the window.
   */
  private void publishAll(Set<CloudWatchMetric> except) {
    for (CloudWatchMetric m : CloudWatchMetric.values()) {
      if (except.contains(m)) {
        continue;
      }
      boolean volume = m.scope() == CloudWatchMetric.Scope.VOLUME;
      int step = volume ? 1 : 5;
      for (int minute = 30; minute <= 60; minute += step) {
        Instant at = Instant.parse("2026-03-01T09:00:00Z").plus(Duration.ofMinutes(minute));
        cloudWatch.publish(m.metricName(), volume ? VOLUME : INSTANCE, at, minute);
      }
    }
  }

  private static CloudWatchPoint at(int minute) {
    return new CloudWatchPoint(
        minute, Instant.parse("2026-03-01T09:00:00Z").plus(Duration.ofMinutes(minute)));
  }

  @Test
  void asksForEverySeriesInOneCallAndKeepsTheNewestPointWithItsTime() {
    publishAll(Set.of());

    CloudWatchReading reading = poller.poll();

    assertEquals(1, cloudWatch.calls().size());
    CloudWatchFake.Call call = cloudWatch.calls().get(0);
    assertEquals(START, call.startTime());
    assertEquals(END, call.endTime());
    assertEquals(Optional.empty(), call.nextToken());
    List<CloudWatchFake.Query> queries = call.queries();
    assertEquals(7, queries.size());
    assertEquals(7, queries.stream().map(CloudWatchFake.Query::id).distinct().count());
    assertTrue(queries.stream().allMatch(q -> q.id().matches("[a-z][a-zA-Z0-9_]*")), "ids");
    assertTrue(queries.stream().allMatch(q -> q.period() == 60), "one-minute period");
    assertEquals(
        Set.of(
            "AWS/EBS BurstBalance VolumeId=" + VOLUME + " Average",
            "AWS/EBS VolumeIOPSExceededCheck VolumeId=" + VOLUME + " Maximum",
            "AWS/EBS VolumeThroughputExceededCheck VolumeId=" + VOLUME + " Maximum",
            "AWS/EBS VolumeStalledIOCheck VolumeId=" + VOLUME + " Maximum",
            "AWS/EBS VolumeQueueLength VolumeId=" + VOLUME + " Average",
            "AWS/EC2 EBSIOBalance% InstanceId=" + INSTANCE + " Minimum",
            "AWS/EC2 EBSByteBalance% InstanceId=" + INSTANCE + " Minimum"),
        queries.stream()
            .map(
                q ->
                    q.namespace()
                        + " "
                        + q.metricName()
                        + " "
                        + q.dimensionName()
                        + "="
                        + q.dimensionValue()
                        + " "
                        + q.stat())
            .collect(Collectors.toSet()));

    assertEquals(Optional.of(at(57)), reading.point(BURST_BALANCE, VOLUME));
    assertEquals(Optional.of(at(57)), reading.point(IOPS_EXCEEDED, VOLUME));
    assertEquals(Optional.of(at(55)), reading.point(EBS_IO_BALANCE, INSTANCE));
    assertEquals(7, reading.points().size());
    assertEquals(Map.of(), reading.incomplete());
    assertFalse(reading.stale());
    assertEquals("", reading.problem());
    assertEquals(Optional.of(NOW), reading.fetchedAt());
    assertEquals(7, reading.metricsRequested());
    assertEquals(7, poller.metricsPerCall());
  }

  @Test
  void aMissingBurstBalanceIsMissingNeverZero() {
    publishAll(Set.of(BURST_BALANCE));

    CloudWatchReading reading = poller.poll();

    assertEquals(Optional.empty(), reading.point(BURST_BALANCE, VOLUME));
    assertFalse(reading.points().containsKey(new CloudWatchSeries(BURST_BALANCE, VOLUME)));
    assertEquals(6, reading.points().size());
    assertEquals(Map.of(), reading.incomplete(), "no data is a complete answer");
  }

  @Test
  void partialDataIsMarkedAndWhatArrivedIsKept() {
    publishAll(Set.of());
    cloudWatch.status("BurstBalance", VOLUME, "PartialData");

    CloudWatchReading reading = poller.poll();

    assertEquals(
        Map.of(new CloudWatchSeries(BURST_BALANCE, VOLUME), "PartialData"), reading.incomplete());
    assertEquals(Optional.of(at(57)), reading.point(BURST_BALANCE, VOLUME));
  }

  @Test
  void followsNextTokenWithTheSameQueriesAndMergesPagesByTime() {
    publishAll(Set.of());
    // 108 points in the window: pages of 30 split the second query's points across two pages,
    // the newer ones first.
    cloudWatch.pointsPerPage(30);

    CloudWatchReading reading = poller.poll();

    List<CloudWatchFake.Call> calls = cloudWatch.calls();
    assertEquals(4, calls.size());
    assertEquals(
        List.of(Optional.empty(), Optional.of("30"), Optional.of("60"), Optional.of("90")),
        calls.stream().map(CloudWatchFake.Call::nextToken).toList());
    for (CloudWatchFake.Call c : calls) {
      assertEquals(calls.get(0).queries(), c.queries());
      assertEquals(START, c.startTime());
      assertEquals(END, c.endTime());
    }
    assertEquals(7, reading.points().size());
    assertEquals(Optional.of(at(57)), reading.point(IOPS_EXCEEDED, VOLUME));
    assertEquals(Optional.of(at(55)), reading.point(EBS_IO_BALANCE, INSTANCE));
    assertEquals(Map.of(), reading.incomplete());
    assertEquals(4 * 7, reading.metricsRequested());
  }

  @Test
  void stopsFollowingPagesAtTheCapAndSaysWhatIsIncomplete() {
    publishAll(Set.of());
    cloudWatch.pointsPerPage(10);

    CloudWatchReading reading = poller.poll();

    assertEquals(CloudWatchPoller.MAX_PAGES, cloudWatch.calls().size());
    assertEquals(Optional.empty(), reading.point(QUEUE_LENGTH, VOLUME));
    assertEquals(Optional.of(at(57)), reading.point(BURST_BALANCE, VOLUME));
    assertEquals(5, reading.incomplete().size(), reading.incomplete().toString());
    assertTrue(reading.incomplete().values().stream().allMatch("PartialData"::equals));
  }

  @Test
  void throttlingBacksOffWithoutCallingAndKeepsTheLastValuesStale() {
    publishAll(Set.of());
    CloudWatchReading fresh = poller.poll();
    cloudWatch.then(CloudWatchFake.THROTTLED);

    clock.advance(Duration.ofMinutes(1));
    CloudWatchReading throttled = poller.poll();

    // Not retried within the call: the back-off below is what a throttled account needs.
    assertEquals(2, cloudWatch.calls().size());
    assertTrue(throttled.stale());
    assertEquals(fresh.points(), throttled.points());
    assertEquals(fresh.fetchedAt(), throttled.fetchedAt());
    // "Throttling" is the code from x-amzn-query-error; the body's __type says otherwise.
    assertTrue(
        throttled.problem().startsWith("throttled: HTTP 400 Throttling: "), throttled.problem());

    // The first back-off is between one and two minutes: no call before one.
    clock.advance(Duration.ofSeconds(59));
    CloudWatchReading waiting = poller.poll();
    assertEquals(2, cloudWatch.calls().size(), "no call while backing off");
    assertTrue(waiting.stale());
    assertEquals(fresh.points(), waiting.points());

    clock.advance(Duration.ofSeconds(61));
    CloudWatchReading recovered = poller.poll();
    assertEquals(3, cloudWatch.calls().size());
    assertFalse(recovered.stale());
    assertEquals("", recovered.problem());
    assertEquals(3 * 7, recovered.metricsRequested());
  }

  @Test
  void serverErrorsBackOffTooAndNothingIsInventedBeforeTheFirstAnswer() {
    publishAll(Set.of());
    cloudWatch.then(CloudWatchFake.INTERNAL_ERROR, CloudWatchFake.INTERNAL_ERROR);

    CloudWatchReading failed = poller.poll();

    assertTrue(failed.stale());
    assertEquals(Map.of(), failed.points());
    assertEquals(Optional.empty(), failed.fetchedAt());
    assertTrue(failed.problem().startsWith("HTTP 500 InternalServiceError: "), failed.problem());
    assertEquals(CloudWatchPoller.MAX_ATTEMPTS, cloudWatch.calls().size());

    clock.advance(Duration.ofSeconds(30));
    poller.poll();
    assertEquals(CloudWatchPoller.MAX_ATTEMPTS, cloudWatch.calls().size());

    clock.advance(CloudWatchPoller.RETRY_POLICY.initial());
    assertEquals(Optional.of(at(60)), poller.poll().point(BURST_BALANCE, VOLUME));
  }

  @Test
  void theWaitsAfterFailuresDoubleFromOneToTwoMinutesUpToFifteenWithHalfOfItRandom() {
    Backoff backoff =
        new Backoff(CloudWatchPoller.RETRY_POLICY, clock, new SplittableRandom(1)::nextDouble);
    for (int i = 0; i < 8; i++) {
      Duration ceiling = Duration.ofMinutes(2).multipliedBy(1L << i);
      if (ceiling.compareTo(Duration.ofMinutes(15)) > 0) {
        ceiling = Duration.ofMinutes(15);
      }
      Duration d = backoff.nextDelay();
      assertTrue(
          d.compareTo(ceiling.dividedBy(2)) >= 0 && d.compareTo(ceiling) <= 0,
          "failure "
              + (i + 1)
              + ": "
              + d
              + " not within ["
              + ceiling.dividedBy(2)
              + ", "
              + ceiling
              + "]");
    }
  }
}
