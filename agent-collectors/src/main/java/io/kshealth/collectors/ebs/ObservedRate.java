package io.kshealth.collectors.ebs;

import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;

/**
 * The EBS I/O units the volume did per second between two runs, counted as EBS counts them ({@link
 * IoUnits}): what a gp3, io1 or io2 volume is compared with its provisioned IOPS by, and what the
 * operator of any type sees the volume do. The forecast keeps its own, smoothed rate.
 */
final class ObservedRate {

  private final IoUnits units;

  /** Null before the first reading. */
  private @Nullable IoCounters last;

  private long lastMillis;

  ObservedRate(IoUnits units) {
    this.units = units;
  }

  /** Units per second since the last reading; empty on the first, or after counters went back. */
  OptionalDouble next(long timeMillis, IoCounters counters) {
    OptionalDouble rate = OptionalDouble.empty();
    if (last != null && timeMillis > lastMillis && !counters.wentBackFrom(last)) {
      IoCounters d = counters.since(last);
      double done =
          units.estimate(d.reads(), d.readBytes()) + units.estimate(d.writes(), d.writeBytes());
      rate = OptionalDouble.of(done * 1000 / (timeMillis - lastMillis));
    }
    last = counters;
    lastMillis = timeMillis;
    return rate;
  }
}
