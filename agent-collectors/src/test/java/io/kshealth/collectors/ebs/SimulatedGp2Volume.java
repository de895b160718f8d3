package io.kshealth.collectors.ebs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;

/**
 * A gp2 volume, the kernel in front of it and CloudWatch behind it, simulated in 10 ms steps to
 * check the forecast against. Deliberately its own code: it shares no class or constant with the
 * forecast, so that a mistake in one is not repeated in the other.
 *
 * <p>Each step the workload offers requests worth its target rate of EBS operations. The kernel
 * splits each request at {@code max_sectors_kb} and counts the pieces, as {@code /proc/diskstats}
 * does; EBS splits each piece into operations of up to 256 KiB and serves them while it may: at
 * 3,000 operations per second while the bucket holds credits, at the baseline when it is empty (the
 * application, blocked, offers no more). The bucket earns the baseline and pays one credit per
 * operation. Every minute the balance's mean over the minute is published, rounded to a whole
 * percent, a fixed delay after the minute ends.
 */
final class SimulatedGp2Volume {

  /** A request from the application: a read or a write of so many bytes. */
  record Request(boolean read, long bytes) {}

  /** What the application does: the EBS operations per second it asks for, and its requests. */
  interface Workload {
    double opsPerSecond(long millis);

    Request next(Random random);
  }

  /** A one-minute {@code BurstBalance} point: the mean over the minute from its start. */
  record Point(long startMillis, double percent, long publishedMillis) {}

  private static final long STEP_MILLIS = 10;
  private static final double FULL = 5_400_000;
  private static final double BURST = 3_000;
  private static final long EBS_MAX_IO = 256 * 1024;
  private static final long MINUTE = 60_000;

  private final double baseline;
  private final long kernelMaxBytes;
  private final long publicationDelayMillis;
  private final Workload workload;
  private final Random random;
  private final List<Point> points = new ArrayList<>();

  private long now;
  private double credits;
  private double burstCarry;
  private double demandCarry;
  private long exhaustedAt = -1;
  private double minuteSum;
  private int minuteSteps;

  private long readsCompleted;
  private long sectorsRead;
  private long writesCompleted;
  private long sectorsWritten;
  private long ebsOps;

  SimulatedGp2Volume(
      int sizeGib, long maxSectorsKb, long publicationDelayMillis, Workload workload, long seed) {
    this.baseline = Math.max(100, Math.min(3 * sizeGib, 16_000));
    this.kernelMaxBytes = maxSectorsKb * 1024;
    this.publicationDelayMillis = publicationDelayMillis;
    this.workload = workload;
    this.random = new Random(seed);
    this.credits = FULL;
  }

  /** Runs the volume up to this time, in whole steps. */
  void runUntil(long millis) {
    while (now + STEP_MILLIS <= millis) {
      step();
    }
  }

  private void step() {
    double seconds = STEP_MILLIS / 1000.0;
    double burstBudget = BURST * seconds + burstCarry;
    double allowance = Math.min(burstBudget, credits + baseline * seconds);
    double demand = workload.opsPerSecond(now) * seconds + demandCarry;
    double served = 0;
    while (demand > 0 && served < allowance) {
      int ops = serve(workload.next(random));
      served += ops;
      demand -= ops;
    }
    // A request is served whole, so a step may overshoot its allowance by part of one: the burst
    // cap takes it from the next step's, the balance goes briefly below zero and earns it back.
    // Demand left over is dropped: the application waited.
    burstCarry = Math.min(0, burstBudget - served);
    demandCarry = Math.min(0, demand);
    credits = Math.min(FULL, credits + baseline * seconds - served);
    now += STEP_MILLIS;
    if (credits <= 0 && exhaustedAt < 0) {
      exhaustedAt = now;
    }
    minuteSum += truePercent();
    minuteSteps++;
    if (now % MINUTE == 0) {
      double mean = minuteSum / minuteSteps;
      points.add(new Point(now - MINUTE, Math.round(mean), now + publicationDelayMillis));
      minuteSum = 0;
      minuteSteps = 0;
    }
  }

  /** Counts the request as the kernel does and returns the EBS operations it costs. */
  private int serve(Request request) {
    int ops = 0;
    for (long left = request.bytes(); left > 0; ) {
      long piece = Math.min(left, kernelMaxBytes);
      left -= piece;
      if (request.read()) {
        readsCompleted++;
        sectorsRead += piece / 512;
      } else {
        writesCompleted++;
        sectorsWritten += piece / 512;
      }
      ops += (int) ((piece + EBS_MAX_IO - 1) / EBS_MAX_IO);
    }
    ebsOps += ops;
    return ops;
  }

  long now() {
    return now;
  }

  double truePercent() {
    return 100 * Math.max(0, credits) / FULL;
  }

  /** When the bucket first ran empty. */
  OptionalLong exhaustedAt() {
    return exhaustedAt < 0 ? OptionalLong.empty() : OptionalLong.of(exhaustedAt);
  }

  /** EBS operations served so far. */
  long ebsOps() {
    return ebsOps;
  }

  /**
   * {@code /proc/diskstats} fields 4, 6, 8 and 10: reads, sectors read, writes, sectors written.
   */
  long[] diskstats() {
    return new long[] {readsCompleted, sectorsRead, writesCompleted, sectorsWritten};
  }

  /** The newest point published by this time, if any. */
  Optional<Point> newestPublishedBy(long millis) {
    return points.stream().filter(p -> p.publishedMillis() <= millis).reduce((a, b) -> b);
  }
}
