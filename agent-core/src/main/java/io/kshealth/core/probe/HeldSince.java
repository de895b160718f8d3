package io.kshealth.core.probe;

/**
 * How long a condition has held, from the first observation where it did to the first where not.
 */
final class HeldSince {

  private long sinceMillis = -1;

  void observe(boolean holds, long atMillis) {
    if (!holds) {
      sinceMillis = -1;
    } else if (sinceMillis < 0) {
      sinceMillis = atMillis;
    }
  }

  boolean holds() {
    return sinceMillis >= 0;
  }

  /** How long it has held at {@code nowMillis}; 0 when it does not hold. */
  long heldMillis(long nowMillis) {
    return sinceMillis < 0 ? 0 : Math.max(0, nowMillis - sinceMillis);
  }
}
