package io.kshealth.core.schedule;

import io.kshealth.core.collect.CollectorContext;
import io.kshealth.core.config.CollectorConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every configured collector on its own interval, each on its own thread, isolated from the
 * others. All timing reads the injected clock: {@link #tick()} is the whole scheduling step, and
 * tests call it directly after moving a test clock instead of sleeping.
 */
public final class CollectorScheduler implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CollectorScheduler.class);

  /** The loop re-checks at least this often, so a clock jump is noticed soon. */
  private static final long MAX_WAIT_MILLIS = 1000;

  private final List<ScheduledCollector> collectors = new ArrayList<>();
  private final Clock clock;
  private final Object wakeUp = new Object();
  private volatile boolean running;
  private @Nullable Thread loop;

  /**
   * Creates every collector. A collector whose creation fails is not scheduled; the exception says
   * which.
   */
  public CollectorScheduler(
      List<CollectorConfig> configs, SnapshotSink sink, Clock clock, DoubleSupplier random) {
    this.clock = clock;
    Backoff backoff = new Backoff(random);
    for (CollectorConfig c : configs) {
      collectors.add(
          new ScheduledCollector(
              c, c.settings().create(new CollectorContext(c.name(), clock)), clock, backoff, sink));
    }
  }

  /**
   * One scheduling step: starts the runs that are due, times out the runs that are overdue.
   *
   * @return milliseconds until the next thing due, by the clock
   */
  public long tick() {
    long next = Long.MAX_VALUE;
    for (ScheduledCollector c : collectors) {
      next = Math.min(next, c.tick());
    }
    return Math.max(0, next - clock.millis());
  }

  /** Starts the scheduling loop on its own thread. */
  public synchronized void start() {
    running = true;
    loop = new Thread(this::loop, "kshealth-scheduler");
    loop.setDaemon(true);
    loop.start();
  }

  private void loop() {
    while (running) {
      long wait;
      try {
        wait = tick();
      } catch (RuntimeException e) {
        LOG.error("scheduler step failed", e);
        wait = MAX_WAIT_MILLIS;
      }
      synchronized (wakeUp) {
        try {
          if (running) {
            wakeUp.wait(Math.max(1, Math.min(wait, MAX_WAIT_MILLIS)));
          }
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  public List<CollectorStatus> statuses() {
    List<CollectorStatus> statuses = new ArrayList<>();
    for (ScheduledCollector c : collectors) {
      statuses.add(c.status());
    }
    return statuses;
  }

  /** Whether every collector has finished at least one run, successfully or not. */
  public boolean allRanOnce() {
    return statuses().stream().allMatch(CollectorStatus::hasRun);
  }

  /**
   * Stops the loop, interrupts runs in flight and waits for them at most {@code graceMillis} in
   * all, then closes every collector.
   */
  public void close(long graceMillis) {
    running = false;
    synchronized (wakeUp) {
      wakeUp.notifyAll();
    }
    collectors.forEach(ScheduledCollector::stop);
    // Shutdown is not scheduling logic: the grace period is real time, whatever the clock says.
    long deadline = System.nanoTime() + graceMillis * 1_000_000;
    for (ScheduledCollector c : collectors) {
      c.awaitAndClose(Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
    }
  }

  @Override
  public void close() {
    close(2000);
  }
}
