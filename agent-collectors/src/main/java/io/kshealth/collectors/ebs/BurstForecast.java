package io.kshealth.collectors.ebs;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;

/**
 * A local estimate of one volume's burst balance, and how long it lasts at the current rate. Fed
 * every few seconds with the disk's cumulative counters, it earns and spends credits as EBS does
 * ({@link CreditBucket}), counting I/O in EBS units ({@link IoUnits}); CloudWatch's {@code
 * BurstBalance}, one-minute points published minutes late, corrects it whenever one arrives.
 *
 * <pre>{@code
 * BurstForecast f = new BurstForecast(CreditBucket.of("gp2", size).orElseThrow(),
 *     new IoUnits(IoUnits.SSD_UNIT_BYTES, maxSectorsKb), 100);
 * f.observe(clock.millis(), counters);            // every few seconds
 * f.calibrate(point.timestamp(), Duration.ofMinutes(1), point.value()); // per new point
 * f.percent(); f.secondsToExhaustion();
 * }</pre>
 *
 * <p>Calibration does not overwrite the balance now with an old value: it sets the balance at the
 * instant the point stands for and applies again the consumption the forecast recorded since then
 * (it keeps {@link #HISTORY} of it). The rate behind the forecast is the mean over the last {@link
 * #RATE_WINDOW}: long enough to smooth the second-to-second jitter of a RocksDB workload and to
 * span a few readings, short enough that a change of workload shows within a minute. Thread-safe:
 * readings and points may come from different threads.
 */
final class BurstForecast {

  /** How far back consumption is kept for replay; older CloudWatch points are ignored. */
  public static final Duration HISTORY = Duration.ofMinutes(15);

  /** The window of the smoothed rate. */
  public static final Duration RATE_WINDOW = Duration.ofMinutes(1);

  /** Below this balance, a volume at its baseline is taken to be held there. */
  static final double NEARLY_EMPTY_PERCENT = 1;

  /** How close to its baseline a volume held there is seen to run, as a share of it. */
  static final double AT_BASELINE = 0.05;

  private final CreditBucket bucket;
  private final IoUnits units;
  private final UsageHistory history = new UsageHistory(HISTORY.toMillis());
  private double credits;

  /** Null before the first reading. */
  private @Nullable IoCounters lastCounters;

  private long lastMillis;
  private long lastPointMillis = Long.MIN_VALUE;

  /**
   * @param initialPercent the balance to assume until the first CloudWatch point: 100 for a new
   *     volume (buckets start full), else the best guess, such as the last value CloudWatch had
   */
  public BurstForecast(CreditBucket bucket, IoUnits units, double initialPercent) {
    if (units.unitBytes() != bucket.unitBytes()) {
      throw new IllegalArgumentException(
          bucket.volumeType()
              + " credits pay for I/O of "
              + bucket.unitBytes()
              + " bytes, not "
              + units.unitBytes());
    }
    this.bucket = bucket;
    this.units = units;
    this.credits = bucket.bursts() ? credits(checked(initialPercent)) : bucket.capacity();
  }

  public CreditBucket bucket() {
    return bucket;
  }

  /**
   * Takes a reading of the disk's cumulative counters. The first reading only sets the start; so
   * does one whose counters went back (the device was attached again) or whose time is not after
   * the last (the clock was set back), which also forgets the history.
   */
  public synchronized void observe(long timeMillis, IoCounters counters) {
    if (lastCounters != null && timeMillis <= lastMillis) {
      history.clear();
    } else if (lastCounters != null && !counters.wentBackFrom(lastCounters)) {
      IoCounters d = counters.since(lastCounters);
      double done =
          units.estimate(d.reads(), d.readBytes()) + units.estimate(d.writes(), d.writeBytes());
      double before = credits;
      credits = bucket.after(credits, done, (timeMillis - lastMillis) / 1000.0);
      history.add(lastMillis, timeMillis, done, before, credits);
    }
    lastCounters = counters;
    lastMillis = timeMillis;
  }

  /**
   * Corrects the balance with a CloudWatch {@code BurstBalance} point of the Average statistic: the
   * mean over {@code [periodStart, periodStart + period)}, which for a balance falling or rising
   * steadily is the balance at the period's middle, the instant the point is applied at.
   *
   * @return how many percentage points the estimate at that instant was below the point (negative
   *     when above); empty when the point was ignored: not newer than one already applied, or older
   *     than {@link #HISTORY}
   */
  public synchronized OptionalDouble calibrate(
      Instant periodStart, Duration period, double averagePercent) {
    checked(averagePercent);
    long at = periodStart.toEpochMilli() + period.toMillis() / 2;
    if (at <= lastPointMillis || lastCounters != null && at < lastMillis - HISTORY.toMillis()) {
      return OptionalDouble.empty();
    }
    lastPointMillis = at;
    if (!bucket.bursts()) {
      return OptionalDouble.of(averagePercent - 100);
    }
    if (history.isEmpty() || at >= history.end()) {
      // Nothing recorded after the point: it is the balance now.
      double correction = averagePercent - percent(credits);
      credits = credits(averagePercent);
      return OptionalDouble.of(correction);
    }
    // A point from before the first reading (the agent just started) is applied at that reading:
    // what the volume did in between is unknown.
    long from = Math.max(at, history.start());
    double correction = averagePercent - percent(history.balanceAt(from));
    credits = history.replay(from, credits(averagePercent), bucket);
    return OptionalDouble.of(correction);
  }

  /** The estimated balance now, in credits (see {@link CreditBucket} for their unit). */
  public synchronized double credits() {
    return credits;
  }

  /** The estimated balance now, as CloudWatch's {@code BurstBalance} gives it: 0 to 100. */
  public synchronized double percent() {
    return percent(credits);
  }

  /**
   * EBS I/O units per second (IOPS for gp2, MiB/s of credit for st1 and sc1) over the last {@link
   * #RATE_WINDOW}; empty before two readings.
   */
  public synchronized OptionalDouble unitsPerSecond() {
    return history.unitsPerSecond(RATE_WINDOW.toMillis());
  }

  /**
   * Seconds until the bucket is empty if the volume goes on at {@link #unitsPerSecond()}: 0 when it
   * already is; empty when it is not draining, or not known.
   *
   * <p>Also 0 when the balance is nearly spent ({@link #NEARLY_EMPTY_PERCENT}) and the volume runs
   * within {@link #AT_BASELINE} of its baseline: that is what an empty bucket holds it to, and a
   * small error in the estimate would otherwise leave a few credits that never drain, forecasting a
   * quarter of an hour for a volume already throttled until the next CloudWatch point.
   */
  public synchronized OptionalDouble secondsToExhaustion() {
    OptionalDouble rate = unitsPerSecond();
    if (!bucket.bursts() || rate.isEmpty()) {
      return OptionalDouble.empty();
    }
    double drain = rate.getAsDouble() - bucket.baselinePerSecond();
    boolean heldToBaseline =
        percent() < NEARLY_EMPTY_PERCENT
            && Math.abs(drain) <= AT_BASELINE * bucket.baselinePerSecond();
    if (credits <= 0 || heldToBaseline) {
      return OptionalDouble.of(0);
    }
    return drain > 0 ? OptionalDouble.of(credits / drain) : OptionalDouble.empty();
  }

  private static double checked(double percent) {
    if (!(percent >= 0 && percent <= 100)) {
      throw new IllegalArgumentException("not a percentage: " + percent);
    }
    return percent;
  }

  private double credits(double percent) {
    return bucket.capacity() * percent / 100;
  }

  private double percent(double balance) {
    return 100 * balance / bucket.capacity();
  }
}
