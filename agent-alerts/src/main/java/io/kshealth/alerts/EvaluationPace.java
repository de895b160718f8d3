package io.kshealth.alerts;

import java.time.Duration;

/**
 * When the rules evaluate next: {@code delay} after new samples arrive, so that collectors
 * finishing within that moment make one evaluation; never sooner than {@code minGap} after the last
 * one, so that a collector running every second cannot make evaluation a busy loop; and at the
 * latest {@code maxGap} after it (the evaluation interval), so that {@code for} and {@code
 * keep_firing_for} go on counting while nothing new arrives. A new sample thus waits at most the
 * longer of {@code delay} and {@code minGap} before a rule sees it (or for an evaluation in
 * progress to end), less than one collection interval.
 *
 * <p>Not thread-safe: the caller holds one lock around every call.
 */
final class EvaluationPace {

  private final long delayMillis;
  private final long minGapMillis;
  private final long maxGapMillis;

  private long lastStartMillis;
  private long dueMillis;

  /**
   * Samples arrived since the last evaluation started, and {@link #dueMillis} accounts for them.
   */
  private boolean samplesWaiting;

  /** The first evaluation is due one {@code maxGap} after {@code startMillis}, or after samples. */
  EvaluationPace(Duration delay, Duration minGap, Duration maxGap, long startMillis) {
    this.delayMillis = delay.toMillis();
    this.minGapMillis = minGap.toMillis();
    this.maxGapMillis = maxGap.toMillis();
    this.lastStartMillis = startMillis - minGapMillis;
    this.dueMillis = startMillis + maxGapMillis;
  }

  /** Notes new samples at {@code nowMillis}; true when that brings the next evaluation forward. */
  boolean samplesArrived(long nowMillis) {
    if (samplesWaiting) {
      return false;
    }
    samplesWaiting = true;
    long soon = Math.max(nowMillis + delayMillis, lastStartMillis + minGapMillis);
    if (soon >= dueMillis) {
      return false;
    }
    dueMillis = soon;
    return true;
  }

  /**
   * True, and the evaluation counts as started, when one is due at {@code nowMillis}. Samples that
   * arrive from here on make the next one.
   */
  boolean startIfDue(long nowMillis) {
    if (nowMillis < dueMillis) {
      return false;
    }
    lastStartMillis = nowMillis;
    dueMillis = nowMillis + maxGapMillis;
    samplesWaiting = false;
    return true;
  }

  long dueMillis() {
    return dueMillis;
  }
}
