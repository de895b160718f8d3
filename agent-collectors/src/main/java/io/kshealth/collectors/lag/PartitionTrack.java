package io.kshealth.collectors.lag;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalDouble;

/**
 * One partition's offsets over the agent's own polls, and the status they give (docs/lag.md,
 * "Status"). The Admin API has no commit timestamps, so "when the committed offset moved" is when a
 * poll first saw it moved.
 */
final class PartitionTrack {

  /**
   * One poll: the committed offset, the time lag (NaN when unknown), and whether the record at the
   * committed offset was older than the stall limit (the app is behind by more than it takes to
   * commit).
   */
  private record Poll(long atMillis, long committed, double seconds, boolean behind) {}

  private final PartitionLabels labels;
  private final Deque<Poll> window = new ArrayDeque<>();
  private long committed = Long.MIN_VALUE;
  private long committedSeenAtMillis;

  /** The first poll, since the committed offset last moved, that saw data beyond it; -1: none. */
  private long waitingSinceMillis = -1;

  private int waitingPolls;

  /** The poll that saw the committed offset go back; -1: never. */
  private long rewoundAtPoll = -1;

  private long polls;

  PartitionTrack(PartitionLabels labels) {
    this.labels = labels;
  }

  PartitionLabels labels() {
    return labels;
  }

  /**
   * Adds one poll and evaluates.
   *
   * @param lag the lag that counts (0 over a gap of transaction markers)
   * @param seconds the time lag, when known
   * @param consumption whether someone consumes the partition: members in the group, and the
   *     watched instance not stopped when the partition is its; and whether they process it yet
   */
  LagStatus observe(
      long atMillis,
      long committedOffset,
      long lag,
      OptionalDouble seconds,
      Consumption consumption,
      StatusRules rules) {
    polls++;
    if (committedOffset != committed) {
      if (committed != Long.MIN_VALUE && committedOffset < committed) {
        rewoundAtPoll = polls;
      }
      committed = committedOffset;
      committedSeenAtMillis = atMillis;
      waitingSinceMillis = -1;
      waitingPolls = 0;
    }
    if (lag > 0 && consumption != Consumption.NONE) {
      // A member whose client still rebalances or restores has not begun to process: its wait for
      // a commit starts when it does, so a restart that restores or rebalances for longer than two
      // commit intervals is no stall. A wait already under way goes on.
      if (waitingSinceMillis < 0 && consumption == Consumption.PROCESSING) {
        waitingSinceMillis = atMillis;
      }
      if (waitingSinceMillis >= 0) {
        waitingPolls++;
      }
    } else {
      // Nobody consumes (STOP): the wait for a commit starts when someone does again, so a member
      // that has just taken the partition (an app back from a restart) has its two commit
      // intervals before it reads as stalled, however long the partition stood still before.
      waitingSinceMillis = -1;
      waitingPolls = 0;
    }
    boolean behind =
        seconds.isPresent() && seconds.getAsDouble() * 1000 > rules.stallAfter().toMillis();
    addToTrend(new Poll(atMillis, committedOffset, seconds.orElse(Double.NaN), behind));
    while (window.size() > rules.trendPolls()) {
      window.removeFirst();
    }
    return evaluate(atMillis, lag, consumption, rules);
  }

  private LagStatus evaluate(long now, long lag, Consumption consumption, StatusRules rules) {
    if (lag > 0 && consumption == Consumption.NONE) {
      return LagStatus.STOP;
    }
    if (rewoundAtPoll >= 0 && polls - rewoundAtPoll < rules.windowPolls()) {
      return LagStatus.REWIND;
    }
    // Three polls at least, so that one commit landing just after a poll is not a stall.
    if (waitingSinceMillis >= 0
        && now - waitingSinceMillis > rules.stallAfter().toMillis()
        && waitingPolls >= MIN_STALL_POLLS) {
      return LagStatus.STALL;
    }
    return fallingBehind(rules.trendPolls()) ? LagStatus.WARN : LagStatus.OK;
  }

  static final int MIN_STALL_POLLS = 3;

  /**
   * Adds a poll to the trend window, whose points stand at least {@link #TREND_STEP_MILLIS} apart:
   * the jitter of a time lag is seconds, whatever the polling interval, so a trend is told from it
   * over a span of time rather than of polls. The newest poll is always the last point; while the
   * last point is closer than the step to the one before, the next poll replaces it, and "behind"
   * must hold at every poll it stands for.
   */
  private void addToTrend(Poll poll) {
    Poll last = window.pollLast();
    if (last != null) {
      Poll before = window.peekLast();
      if (before != null && last.atMillis() - before.atMillis() < TREND_STEP_MILLIS) {
        poll =
            new Poll(
                poll.atMillis(), poll.committed(), poll.seconds(), poll.behind() && last.behind());
      } else {
        window.addLast(last);
      }
    }
    window.addLast(poll);
  }

  static final long TREND_STEP_MILLIS = 5_000;

  /**
   * A full trend window in which commits advanced, every poll found the app behind by more than the
   * stall limit, and the time lag rose beyond its jitter: processing, but slower than the input. A
   * healthy app's time lag stays within a band however often it crosses the stall limit (an
   * exactly-once app's limit is 200 ms), and an app catching up has a falling one.
   */
  private boolean fallingBehind(int trendPolls) {
    if (window.size() < trendPolls) {
      return false;
    }
    return window.peekLast().committed() > window.peekFirst().committed()
        && window.stream().allMatch(Poll::behind)
        && TimeLagTrend.rising(
            window.stream().map(p -> new TimeLagTrend.Point(p.atMillis(), p.seconds())).toList());
  }

  /** How long ago, by the agent's polls, the committed offset last moved. */
  double commitAgeSeconds(long nowMillis) {
    return (nowMillis - committedSeenAtMillis) / 1000.0;
  }
}
