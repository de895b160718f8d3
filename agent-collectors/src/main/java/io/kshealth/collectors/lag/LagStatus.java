package io.kshealth.collectors.lag;

/**
 * A partition's (and the group's) lag status, in the spirit of Burrow's evaluation, defined only on
 * what the agent sees (docs/lag.md, "Status"). Ordered by severity: the group's status is its worst
 * partition's.
 */
enum LagStatus {
  /** Caught up, or committing as data arrives. */
  OK,
  /** Committing, but the time lag rises beyond its jitter: slower than the input. */
  WARN,
  /** The committed offset went back within the last polls (a reset or a reprocessing). */
  REWIND,
  /** Members present, data waiting beyond a committed offset that has not moved for too long. */
  STALL,
  /**
   * Lag above 0 and nobody to consume it: no member in the group, or the watched client stopped.
   */
  STOP;

  /** The value of the per-partition status gauge. */
  int code() {
    return ordinal();
  }

  LagStatus worst(LagStatus other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
