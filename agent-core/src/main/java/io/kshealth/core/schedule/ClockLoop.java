package io.kshealth.core.schedule;

import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the agent schedules its work: a thread that runs a step whenever it is due by the
 * injected clock. The step does what is due and says when it is due next; {@link #wake()} asks for
 * a step at once (new work arrived). Collector scheduling, rule evaluation and each notifier's
 * delivery are such loops, so every timing decision lives in a step that tests call directly after
 * moving a test clock, and shutdown is the same two calls for each: {@link #stop()} for all of
 * them, then {@link #await} against one deadline.
 *
 * <p>The thread reads the clock again at least every {@value #MAX_WAIT_MILLIS} ms, so a clock that
 * jumps (a test clock moved forward, the wall clock set back) is noticed without a wake-up.
 */
public final class ClockLoop {

  private static final Logger LOG = LoggerFactory.getLogger(ClockLoop.class);

  static final long MAX_WAIT_MILLIS = 1000;

  /** The work of one loop turn. */
  @FunctionalInterface
  public interface Step {

    /**
     * Does what is due now.
     *
     * @return when the next step is due, in the clock's milliseconds; {@link Long#MAX_VALUE} when
     *     nothing is until a {@link #wake()}
     */
    long run();
  }

  private final String name;
  private final Clock clock;
  private final Step step;
  private final Object signal = new Object();
  private volatile boolean running;
  private boolean woken;
  private @Nullable Thread thread;

  /**
   * @param name the thread's name, also in the log when a step fails
   */
  public ClockLoop(String name, Clock clock, Step step) {
    this.name = name;
    this.clock = clock;
    this.step = step;
  }

  /** Starts the thread (a daemon: one stuck past shutdown's deadline does not hold the JVM). */
  public synchronized void start() {
    running = true;
    thread = new Thread(this::loop, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Runs a step as soon as the one in progress, if any, ends. */
  public void wake() {
    synchronized (signal) {
      woken = true;
      signal.notifyAll();
    }
  }

  /** Runs no further step; the one in progress ends as usual. Does not wait. */
  public void stop() {
    running = false;
    wake();
  }

  /**
   * Runs no further step, and interrupts the one in progress: for steps that block on a receiver
   * and hold nothing an interrupt would break. Does not wait.
   */
  public synchronized void stopNow() {
    stop();
    if (thread != null) {
      thread.interrupt();
    }
  }

  /**
   * Waits for the thread to end, until {@code deadline} at most.
   *
   * @return whether it ended (or never started)
   */
  public boolean await(Deadline deadline) {
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t == null) {
      return true;
    }
    long wait = deadline.remainingMillis();
    try {
      if (wait > 0) { // join(0) would wait forever
        t.join(wait);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !t.isAlive();
  }

  private void loop() {
    while (running) {
      long due = runStep();
      synchronized (signal) {
        try {
          while (running && !woken && clock.millis() < due) {
            signal.wait(Math.min(due - clock.millis(), MAX_WAIT_MILLIS));
          }
        } catch (InterruptedException e) {
          return;
        }
        woken = false;
      }
    }
  }

  private long runStep() {
    try {
      return step.run();
    } catch (RuntimeException e) {
      // A step that throws must not end the schedule: the next one may well succeed.
      LOG.error("{}: step failed", name, e);
      return clock.millis() + MAX_WAIT_MILLIS;
    }
  }
}
