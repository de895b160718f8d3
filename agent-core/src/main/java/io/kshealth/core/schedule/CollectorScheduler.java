package io.kshealth.core.schedule;

import io.kshealth.api.CollectorContext;
import io.kshealth.api.EvidenceSource;
import io.kshealth.core.config.CollectorConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Runs every configured collector on its own interval, each run on the collector's own thread,
 * isolated from the others. All timing reads the injected clock: {@link #tick()} is the whole
 * scheduling step, which a {@link ClockLoop} runs, and tests call it directly after moving a test
 * clock instead of sleeping.
 */
public final class CollectorScheduler implements AutoCloseable {

  private final List<ScheduledCollector> collectors = new ArrayList<>();
  private final Clock clock;
  private final ClockLoop loop;

  /**
   * Creates every collector. A collector whose creation fails is not scheduled; the exception says
   * which.
   */
  public CollectorScheduler(
      List<CollectorConfig> configs, SnapshotSink sink, Clock clock, DoubleSupplier random) {
    this(configs, sink, clock, random, Optional.empty());
  }

  /**
   * @param dataDir the agent's persistent data dir, handed to each collector
   */
  public CollectorScheduler(
      List<CollectorConfig> configs,
      SnapshotSink sink,
      Clock clock,
      DoubleSupplier random,
      Optional<Path> dataDir) {
    this.clock = clock;
    this.loop = new ClockLoop("kshealth-scheduler", clock, () -> clock.millis() + tick());
    for (CollectorConfig c : configs) {
      collectors.add(
          new ScheduledCollector(
              c,
              c.settings().create(new CollectorContext(c.name(), clock, dataDir)),
              clock,
              random,
              sink));
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
  public void start() {
    loop.start();
  }

  /** The collectors that capture evidence, by name. */
  public Map<String, EvidenceSource> evidenceSources() {
    Map<String, EvidenceSource> sources = new LinkedHashMap<>();
    for (ScheduledCollector c : collectors) {
      c.evidenceSource().ifPresent(source -> sources.put(c.name(), source));
    }
    return sources;
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
   * Stops the loop and interrupts runs in flight, without waiting: {@link #awaitAndClose} waits.
   */
  public void stop() {
    loop.stop();
    collectors.forEach(ScheduledCollector::stop);
  }

  /** Waits for the runs in flight until {@code deadline} at most, then closes every collector. */
  public void awaitAndClose(Deadline deadline) {
    loop.await(deadline);
    for (ScheduledCollector c : collectors) {
      c.awaitAndClose(deadline.remainingMillis());
    }
  }

  /** Stops and closes within {@code graceMillis} in all. */
  public void close(long graceMillis) {
    stop();
    awaitAndClose(Deadline.in(java.time.Duration.ofMillis(graceMillis)));
  }

  @Override
  public void close() {
    close(2000);
  }
}
