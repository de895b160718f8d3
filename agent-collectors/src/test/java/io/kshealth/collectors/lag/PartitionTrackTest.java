package io.kshealth.collectors.lag;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kshealth.api.Labels;
import io.kshealth.core.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The status rules on a partition's polls, with the agent's clock given per poll. */
class PartitionTrackTest {

  /** A 1 s commit interval: STALL after 2 s; polls 1 s apart; REWIND over 5 polls, WARN over 10. */
  private static final StatusRules RULES = new StatusRules(Duration.ofSeconds(2), 5);

  /** An exactly-once app: 100 ms commits, so STALL after 200 ms. */
  private static final StatusRules EOS = new StatusRules(Duration.ofMillis(200), 5);

  private final PartitionTrack track =
      new PartitionTrack(
          PartitionLabels.of(Labels.of("group", "app"), new TopicPartition("events", 0)));
  private long now = 1_000_000;

  private LagStatus poll(long committed, long lag, double seconds) {
    return poll(committed, lag, seconds, Consumption.PROCESSING);
  }

  private LagStatus poll(long committed, long lag, double seconds, Consumption consumption) {
    now += 1000;
    return track.observe(now, committed, lag, OptionalDouble.of(seconds), consumption, RULES);
  }

  @Test
  void aCaughtUpPartitionIsOk() {
    for (int i = 0; i < 20; i++) {
      assertEquals(LagStatus.OK, poll(100, 0, 0));
    }
  }

  @Test
  void dataWaitingBeyondAnUnchangedCommitStallsAfterTwoCommitIntervalsAndThreePolls() {
    assertEquals(LagStatus.OK, poll(100, 0, 0));
    // Data arrives and the committed offset stays: waiting since the first poll that saw it.
    assertEquals(LagStatus.OK, poll(100, 10, 0.5)); // waited 0 s, 1 poll
    assertEquals(LagStatus.OK, poll(100, 20, 1.5)); // 1 s
    assertEquals(LagStatus.OK, poll(100, 30, 2.5)); // 2 s: not more than two commit intervals
    assertEquals(LagStatus.STALL, poll(100, 40, 3.5)); // 3 s
    assertEquals(LagStatus.STALL, poll(100, 50, 4.5));
    // The app commits again: no longer stalled.
    assertEquals(LagStatus.OK, poll(160, 5, 0.2));
  }

  @Test
  void slowPollsNeedThreeOfThemBeforeAStall() {
    StatusRules eos = new StatusRules(Duration.ofMillis(200), 5);
    now += 1000;
    assertEquals(
        LagStatus.OK,
        track.observe(now, 7, 3, OptionalDouble.of(0.1), Consumption.PROCESSING, eos));
    now += 1000;
    assertEquals(
        LagStatus.OK,
        track.observe(now, 7, 3, OptionalDouble.of(1.1), Consumption.PROCESSING, eos));
    now += 1000;
    assertEquals(
        LagStatus.STALL,
        track.observe(now, 7, 3, OptionalDouble.of(2.1), Consumption.PROCESSING, eos));
  }

  @Test
  void anExactlyOnceAppCommittingBetweenEveryPollNeverStalls() {
    // 100 ms commits, polls every second: each poll sees lag and a committed offset that moved.
    StatusRules eos = new StatusRules(Duration.ofMillis(200), 5);
    List<LagStatus> seen = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      now += 1000;
      seen.add(
          track.observe(
              now, 10L * i, 1 + i % 3, OptionalDouble.of(0.05), Consumption.PROCESSING, eos));
    }
    assertEquals(List.of(LagStatus.OK), seen.stream().distinct().toList());
  }

  @Test
  void lagWithNobodyConsumingIsStopAtOnceButNoLagIsOk() {
    now += 1000;
    assertEquals(
        LagStatus.OK, track.observe(now, 5, 0, OptionalDouble.of(0), Consumption.NONE, RULES));
    now += 1000;
    assertEquals(
        LagStatus.STOP, track.observe(now, 5, 1, OptionalDouble.of(0.1), Consumption.NONE, RULES));
  }

  @Test
  void aMemberBackAfterAStopHasItsTwoCommitIntervalsBeforeAStall() {
    assertEquals(LagStatus.OK, poll(100, 0, 0));
    // The app restarts: nobody consumes for 20 s while data arrives beyond the same commit.
    for (int i = 1; i <= 20; i++) {
      now += 1000;
      assertEquals(
          LagStatus.STOP,
          track.observe(now, 100, 10L * i, OptionalDouble.of(i), Consumption.NONE, RULES));
    }
    // Its new client takes the partition: waiting counts from here, not from the stop.
    assertEquals(LagStatus.OK, poll(100, 210, 21));
    assertEquals(LagStatus.OK, poll(100, 220, 22));
    assertEquals(LagStatus.OK, poll(100, 230, 23));
    assertEquals(LagStatus.STALL, poll(100, 240, 24));
  }

  @Test
  void aMemberWhoseClientRebalancesOrRestoresStartsItsWaitOnceItProcesses() {
    for (int i = 1; i <= 3; i++) {
      assertEquals(LagStatus.STOP, poll(100, 10L * i, i, Consumption.NONE));
    }
    // Its new client holds the partition but restores for 20 s: no stall, and no stop either.
    for (int i = 4; i <= 23; i++) {
      assertEquals(LagStatus.OK, poll(100, 10L * i, i, Consumption.STARTING));
    }
    // RUNNING: the two commit intervals count from here.
    assertEquals(LagStatus.OK, poll(100, 240, 24));
    assertEquals(LagStatus.OK, poll(100, 250, 25));
    assertEquals(LagStatus.OK, poll(100, 260, 26));
    assertEquals(LagStatus.STALL, poll(100, 270, 27));
  }

  @Test
  void aStallThatSetsOffARebalanceStaysAStall() {
    assertEquals(LagStatus.OK, poll(100, 10, 0.5));
    assertEquals(LagStatus.OK, poll(100, 20, 1.5));
    // A blocked thread is put out of the group: the client rebalances, the wait goes on.
    assertEquals(LagStatus.OK, poll(100, 30, 2.5, Consumption.STARTING));
    assertEquals(LagStatus.STALL, poll(100, 40, 3.5, Consumption.STARTING));
    assertEquals(LagStatus.STALL, poll(100, 50, 4.5, Consumption.STARTING));
  }

  @Test
  void aCommittedOffsetGoingBackIsRewindForTheWindow() {
    poll(500, 0, 0);
    List<LagStatus> seen = new ArrayList<>();
    seen.add(poll(200, 300, 60)); // reset to an earlier offset
    for (int i = 1; i <= 5; i++) {
      seen.add(poll(200 + 60L * i, 300 - 60L * i, 50));
    }
    assertEquals(
        List.of(
            LagStatus.REWIND,
            LagStatus.REWIND,
            LagStatus.REWIND,
            LagStatus.REWIND,
            LagStatus.REWIND,
            LagStatus.OK),
        seen);
  }

  @Test
  void committingButFallingFurtherBehindIsWarnOnceTheTrendWindowIsFull() {
    List<LagStatus> seen = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      // Polls 10 s apart; commits advance by 10 while 20 arrive: the oldest record ages by 5 s a
      // poll.
      now += 10_000;
      seen.add(
          track.observe(
              now,
              100 + 10L * i,
              50 + 10L * i,
              OptionalDouble.of(5 + 5 * i),
              Consumption.PROCESSING,
              RULES));
    }
    // The trend window is 2 × 5 polls.
    assertEquals(List.of(LagStatus.OK), seen.subList(0, 9).stream().distinct().toList());
    assertEquals(List.of(LagStatus.WARN), seen.subList(9, 12).stream().distinct().toList());
  }

  /**
   * Issue 17's false WARN: an exactly-once app (100 ms commits, so 200 ms stall-after) at 100
   * records/s, its time lag jittering flat between 2 and 3 s, for 15 minutes at the default 10 s
   * polls and at 1 s polls. Every poll finds it "behind" by the old test, and its offset lag rises
   * between half the polls.
   */
  @ParameterizedTest
  @ValueSource(ints = {10, 1})
  void aSteadyExactlyOnceAppJitteringBetweenTwoAndThreeSecondsIsNeverWarn(int pollSeconds) {
    MutableClock clock = new MutableClock();
    Random jitter = new Random(17);
    List<LagStatus> seen = new ArrayList<>();
    long committed = 0;
    for (int i = 0; i < 900 / pollSeconds; i++) {
      clock.advance(Duration.ofSeconds(pollSeconds));
      committed += 100 * pollSeconds;
      seen.add(
          track.observe(
              clock.millis(),
              committed,
              150 + jitter.nextInt(150),
              OptionalDouble.of(2 + jitter.nextDouble()),
              Consumption.PROCESSING,
              EOS));
    }
    assertEquals(List.of(LagStatus.OK), seen.stream().distinct().toList());
  }

  /**
   * The same app slowing down to 90 % of its input: its time lag rises by 0.1 s a second on top of
   * the same jitter. WARN once the trend window holds only slow polls: 10 polls at 10 s, 10 points
   * 5 s apart at 1 s.
   */
  @ParameterizedTest
  @ValueSource(ints = {10, 1})
  void thatAppSlowingDownIsWarnWithinTheTrendWindow(int pollSeconds) {
    MutableClock clock = new MutableClock();
    Random jitter = new Random(17);
    long committed = 0;
    for (int i = 0; i < 300 / pollSeconds; i++) {
      clock.advance(Duration.ofSeconds(pollSeconds));
      committed += 100 * pollSeconds;
      assertEquals(
          LagStatus.OK,
          track.observe(
              clock.millis(),
              committed,
              200,
              OptionalDouble.of(2 + jitter.nextDouble()),
              Consumption.PROCESSING,
              EOS));
    }
    long window =
        EOS.trendPolls()
            * Math.max(pollSeconds, PartitionTrack.TREND_STEP_MILLIS / 1000)
            / pollSeconds;
    List<LagStatus> slow = new ArrayList<>();
    for (int i = 1; i <= window; i++) {
      clock.advance(Duration.ofSeconds(pollSeconds));
      committed += 90 * pollSeconds;
      double seconds = 2 + 0.1 * i * pollSeconds + jitter.nextDouble();
      slow.add(
          track.observe(
              clock.millis(),
              committed,
              200 + 10L * i,
              OptionalDouble.of(seconds),
              Consumption.PROCESSING,
              EOS));
    }
    assertEquals(LagStatus.WARN, slow.get(slow.size() - 1), slow.toString());
  }

  @Test
  void catchingUpIsOkHoweverFarBehind() {
    for (int i = 0; i < 10; i++) {
      assertEquals(LagStatus.OK, poll(1000 + 500L * i, 10_000 - 400L * i, 600 - i));
    }
  }

  @Test
  void aLagThatGrowsWhileTheAppKeepsUpIsNotWarn() {
    // Input rising, the app a fraction of a second behind: growing offset lag is no falling behind.
    for (int i = 0; i < 10; i++) {
      assertEquals(LagStatus.OK, poll(100L * i * i, 10 + 5L * i, 0.4));
    }
  }

  @Test
  void commitAgeCountsFromThePollThatSawTheOffsetMove() {
    poll(1, 0, 0);
    long moved = now;
    poll(1, 3, 0.1);
    poll(1, 6, 0.2);
    assertEquals((now - moved) / 1000.0, track.commitAgeSeconds(now));
  }
}
