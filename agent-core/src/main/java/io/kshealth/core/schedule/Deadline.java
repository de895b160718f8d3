package io.kshealth.core.schedule;

import java.time.Clock;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A point in time that work checks itself against, so that it stops on its own instead of being
 * interrupted: a rule evaluation round on the agent's clock ({@link #at}), or the agent's shutdown
 * in real time ({@link #in}).
 *
 * <pre>{@code
 * Deadline deadline = Deadline.at(clock, started + timeout.toMillis());
 * for (Series s : all) {
 *   deadline.check(); // throws Deadline.Passed
 *   ...
 * }
 * }</pre>
 */
public final class Deadline {

  /** A deadline that never passes. */
  public static final Deadline NONE = new Deadline(() -> 0, Long.MAX_VALUE);

  private final LongSupplier nowMillis;
  private final long atMillis;

  private Deadline(LongSupplier nowMillis, long atMillis) {
    this.nowMillis = nowMillis;
    this.atMillis = atMillis;
  }

  /** At {@code atMillis} on {@code clock}: tests move the clock past it. */
  public static Deadline at(Clock clock, long atMillis) {
    return new Deadline(clock::millis, atMillis);
  }

  /**
   * {@code timeout} from now in real time, whatever the agent's clock says: for waiting on threads
   * and files, which take real time.
   */
  public static Deadline in(Duration timeout) {
    LongSupplier now = () -> System.nanoTime() / 1_000_000;
    return new Deadline(now, now.getAsLong() + timeout.toMillis());
  }

  public boolean passed() {
    return nowMillis.getAsLong() >= atMillis;
  }

  /** Milliseconds since it passed, 0 before. */
  public long overrunMillis() {
    return Math.max(0, nowMillis.getAsLong() - atMillis);
  }

  /** Milliseconds left, 0 once passed. */
  public long remainingMillis() {
    return Math.max(0, atMillis - nowMillis.getAsLong());
  }

  /**
   * Throws {@link Passed} once the deadline has passed.
   *
   * @throws Passed when it has
   */
  public void check() {
    if (passed()) {
      throw new Passed();
    }
  }

  /** The deadline passed: the work that checked it stops. Carries no stack trace (it is no bug). */
  public static final class Passed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Passed() {
      super("deadline passed", null, false, false);
    }
  }
}
