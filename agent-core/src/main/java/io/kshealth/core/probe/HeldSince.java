package io.kshealth.core.probe;

/**
 * How long a condition has held: counted from the first run that saw it hold, ended by the first
 * run that saw it not hold. A run that cannot tell (a failed collection, brokers that do not
 * answer) neither starts nor ends the count, so a flaky collection on a busy host does not keep a
 * real stall from ever being counted; but a condition last seen holding longer ago than the
 * staleness bound is not taken as holding now: unknown is not dead.
 */
final class HeldSince {

  /** What one run saw of the condition. */
  enum Seen {
    HOLDS,
    NOT,
    UNKNOWN;

    static Seen of(boolean holds) {
      return holds ? HOLDS : NOT;
    }
  }

  private long sinceMillis = -1;
  private long lastSeenMillis = -1;

  void observe(Seen seen, long atMillis) {
    switch (seen) {
      case NOT -> sinceMillis = -1;
      case HOLDS -> {
        if (sinceMillis < 0) {
          sinceMillis = atMillis;
        }
        lastSeenMillis = atMillis;
      }
      case UNKNOWN -> {}
    }
  }

  /** Whether it holds at {@code nowMillis}, as last seen no more than {@code staleMillis} ago. */
  boolean holds(long nowMillis, long staleMillis) {
    return sinceMillis >= 0 && nowMillis - lastSeenMillis <= staleMillis;
  }

  /** How long it has held at {@code nowMillis}; 0 when it does not hold. */
  long heldMillis(long nowMillis, long staleMillis) {
    return holds(nowMillis, staleMillis) ? Math.max(0, nowMillis - sinceMillis) : 0;
  }
}
