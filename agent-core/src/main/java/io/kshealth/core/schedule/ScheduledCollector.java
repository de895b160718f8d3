package io.kshealth.core.schedule;

import io.kshealth.api.Collector;
import io.kshealth.api.EvidenceSource;
import io.kshealth.api.Snapshot;
import io.kshealth.core.config.CollectorConfig;
import io.kshealth.core.config.Units;
import io.kshealth.core.retry.Backoff;
import io.kshealth.core.retry.FailureState;
import io.kshealth.core.retry.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One collector under the scheduler: its own thread (so a hung collector holds up nobody else), its
 * next due time, and the state of its runs. A run that exceeds the timeout is interrupted and
 * counted as failed; while its thread stays stuck no new run starts, and each due time missed that
 * way counts as another failure, so the retries back off ({@link #retryPolicy}).
 */
final class ScheduledCollector {

  private static final Logger LOG = LoggerFactory.getLogger(ScheduledCollector.class);

  /** Retries never wait longer than this, unless twice the interval is longer. */
  static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(5);

  private final CollectorConfig config;
  private final Collector collector;
  private final Clock clock;
  private final FailureState failures;

  /** How the latest run ended; a collector that has not finished a run is neither up nor down. */
  private enum LastRun {
    NONE,
    SUCCEEDED,
    FAILED;

    Optional<Boolean> up() {
      return this == NONE ? Optional.empty() : Optional.of(this == SUCCEEDED);
    }
  }

  private final SnapshotSink sink;
  private final ExecutorService thread;

  private long nextDueMillis;
  private @Nullable Future<?> inFlight;
  private long attempt;
  private long startedMillis;
  private boolean timedOut;

  private long runs;
  private long errors;
  private LastRun lastRun = LastRun.NONE;
  private double lastDurationSeconds;
  private long lastSuccessMillis;
  private @Nullable String lastError;

  ScheduledCollector(
      CollectorConfig config,
      Collector collector,
      Clock clock,
      DoubleSupplier random,
      SnapshotSink sink) {
    this.config = config;
    this.collector = collector;
    this.clock = clock;
    this.failures =
        new FailureState(
            LOG,
            "Collector " + config.name(),
            new Backoff(retryPolicy(config.interval()), clock, random));
    this.sink = sink;
    this.thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "kshealth-collector-" + config.name());
              t.setDaemon(true);
              return t;
            });
    this.nextDueMillis = clock.millis();
  }

  /**
   * A failed collector waits at least its interval (half the first step of twice the interval),
   * doubling with each failure; the waits stop growing at {@link #MAX_RETRY_DELAY}, or at twice the
   * interval when that is longer.
   */
  static RetryPolicy retryPolicy(Duration interval) {
    Duration first = interval.multipliedBy(2);
    return RetryPolicy.doubling(
        first, first.compareTo(MAX_RETRY_DELAY) > 0 ? first : MAX_RETRY_DELAY);
  }

  /**
   * Starts a run if one is due and none is in flight; times out a run in flight for too long.
   *
   * @return the time of this collector's next event (a due run or a timeout), epoch millis
   */
  synchronized long tick() {
    long now = clock.millis();
    if (thread.isShutdown()) {
      return Long.MAX_VALUE;
    }
    if (inFlight != null) {
      long deadline = startedMillis + config.timeout().toMillis();
      if (!timedOut && now >= deadline) {
        timedOut = true;
        inFlight.cancel(true);
        fail(now, deadline, "timed out after " + Units.formatDuration(config.timeout()));
      } else if (timedOut && now >= nextDueMillis) {
        fail(
            now,
            now,
            "still hung: the run started at "
                + Instant.ofEpochMilli(startedMillis)
                + " has not returned");
      }
      return timedOut ? nextDueMillis : deadline;
    }
    if (now >= nextDueMillis) {
      start(now);
      return startedMillis + config.timeout().toMillis();
    }
    return nextDueMillis;
  }

  private void start(long now) {
    long thisAttempt = ++attempt;
    startedMillis = now;
    timedOut = false;
    inFlight = thread.submit(() -> run(thisAttempt, now));
  }

  private void run(long thisAttempt, long started) {
    Snapshot.Builder out = new Snapshot.Builder(config.name(), started);
    @Nullable Throwable failure = null;
    try {
      collector.collect(out);
    } catch (Exception | LinkageError | AssertionError e) {
      failure = e;
    }
    finished(thisAttempt, out, failure);
  }

  private synchronized void finished(
      long thisAttempt, Snapshot.Builder out, @Nullable Throwable failure) {
    if (thisAttempt != attempt) {
      return;
    }
    inFlight = null;
    if (timedOut) {
      LOG.info("collector {}: the run that timed out has returned", config.name());
      return;
    }
    long now = clock.millis();
    if (failure == null) {
      runs++;
      failures.succeeded();
      lastRun = LastRun.SUCCEEDED;
      lastError = null;
      lastSuccessMillis = now;
      lastDurationSeconds = (now - startedMillis) / 1000.0;
      long next = startedMillis + config.interval().toMillis();
      nextDueMillis = next > now ? next : now + config.interval().toMillis();
      sink.accept(config, Optional.of(out.build()));
    } else {
      fail(now, now, describe(failure));
    }
  }

  private void fail(long now, long endedMillis, String error) {
    runs++;
    errors++;
    lastRun = LastRun.FAILED;
    lastError = error;
    lastDurationSeconds = (endedMillis - startedMillis) / 1000.0;
    nextDueMillis = now + failures.failed(error).toMillis();
    sink.accept(config, Optional.empty());
  }

  private static String describe(Throwable t) {
    String message = t.getMessage();
    String type = t.getClass().getSimpleName();
    return message == null || message.isBlank() ? type : type + ": " + message;
  }

  String name() {
    return config.name();
  }

  /** The collector, when it captures evidence for alerts. */
  Optional<EvidenceSource> evidenceSource() {
    return collector instanceof EvidenceSource source ? Optional.of(source) : Optional.empty();
  }

  synchronized CollectorStatus status() {
    return new CollectorStatus(
        config.name(),
        config.type(),
        config.interval(),
        config.timeout(),
        config.expose(),
        lastRun.up(),
        inFlight != null,
        runs,
        errors,
        failures.failures(),
        attempt == 0 ? 0 : startedMillis,
        lastDurationSeconds,
        lastSuccessMillis,
        nextDueMillis,
        Optional.ofNullable(lastError),
        collector.target());
  }

  /** Refuses new runs and interrupts the one in flight. */
  void stop() {
    thread.shutdownNow();
  }

  /** Waits for the run in flight up to the grace period, then closes the collector. */
  void awaitAndClose(long graceMillis) {
    try {
      if (!thread.awaitTermination(graceMillis, TimeUnit.MILLISECONDS)) {
        LOG.warn("collector {} did not stop within {} ms", config.name(), graceMillis);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      collector.close();
    } catch (Exception e) {
      LOG.warn("collector {} failed to close: {}", config.name(), e.toString());
    }
  }
}
