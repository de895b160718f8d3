package io.kshealth.alerts.evidence;

import io.kshealth.api.Evidence;
import io.kshealth.api.EvidenceRequest;
import io.kshealth.api.EvidenceSource;
import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.Sample;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks every evidence source for what an alert wants to know, off the evaluation thread: the
 * evaluation only queues the request and goes on, and the alert is never delayed or changed by a
 * capture. Two daemon threads run the captures from a queue of {@value #QUEUE}; a request the queue
 * cannot take is dropped. A capture that has not returned within {@code alerting.evidence.timeout}
 * (on the wall clock: a blocked call cannot see a test's clock) is abandoned (its thread
 * interrupted) and what it returns later is thrown away. One alert (rule and labels) asks at most
 * once per {@code alerting.evidence.min-interval}, on the injected clock.
 *
 * <p>Each kind an alert asks for is counted once in {@code kshealth_evidence_captures_total}:
 * {@code captured} if any source captured it, else the first of {@code dropped}, {@code timeout},
 * {@code failed} that happened to a source, else {@code empty}.
 */
public final class EvidenceCapture implements AutoCloseable {

  static final Metric CAPTURES =
      Metric.counter(
          "kshealth_evidence_captures_total",
          "Evidence asked for by alerts, by kind and result (captured, empty, timeout, failed,"
              + " dropped); one per kind an alert asked for when it went pending.");

  private static final Logger LOG = LoggerFactory.getLogger(EvidenceCapture.class);
  private static final int THREADS = 2;
  static final int QUEUE = 16;

  /** What became of one kind of one request; the lower the ordinal, the more it says. */
  enum Result {
    CAPTURED,
    DROPPED,
    TIMEOUT,
    FAILED,
    EMPTY;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Map<String, EvidenceSource> sources;
  private final EvidenceSettings settings;
  private final EvidenceStore store;
  private final Clock clock;
  private final ThreadPoolExecutor pool;

  /** When each alert (by fingerprint) last asked; only the evaluation thread asks. */
  private final Map<String, Long> lastAsked = new HashMap<>();

  private final Map<String, Map<Result, Long>> counts = new TreeMap<>();

  public EvidenceCapture(
      Map<String, EvidenceSource> sources,
      EvidenceSettings settings,
      EvidenceStore store,
      Clock clock) {
    this.sources = new TreeMap<>(sources);
    this.settings = settings;
    this.store = store;
    this.clock = clock;
    AtomicInteger n = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE),
            r -> {
              Thread t = new Thread(r, "kshealth-evidence-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    for (String kind : List.of(Evidence.THREADS, Evidence.STOPPED_AT)) {
      counts.put(kind, new EnumMap<>(Result.class));
    }
  }

  /**
   * Asks every source, without waiting, for the evidence an alert that just went pending wants;
   * nothing when the same alert asked less than the minimum interval ago.
   *
   * @param fingerprint the alert's, under which the evidence is kept
   */
  public void ask(String fingerprint, String alert, Map<String, String> labels, Set<String> kinds) {
    long now = clock.millis();
    long gap = settings.minInterval().toMillis();
    lastAsked.values().removeIf(at -> now - at >= gap);
    if (lastAsked.putIfAbsent(fingerprint, now) != null) {
      LOG.debug("{} {}: evidence asked for less than {} ago", alert, labels, gap);
      return;
    }
    EvidenceRequest request = new EvidenceRequest(alert, labels, kinds, settings.timeout());
    Ask ask = new Ask(request, sources.size());
    if (sources.isEmpty()) {
      count(ask);
    }
    sources.forEach((collector, source) -> start(ask, fingerprint, collector, source));
  }

  private void start(Ask ask, String fingerprint, String collector, EvidenceSource source) {
    AtomicBoolean settled = new AtomicBoolean();
    Future<?> running;
    try {
      running =
          pool.submit(
              () -> {
                if (!settled.get()) {
                  run(ask, fingerprint, collector, source, settled);
                }
              });
    } catch (RejectedExecutionException e) {
      LOG.warn("{}: evidence from {} dropped: {} captures wait already", ask, collector, QUEUE);
      ask.settled(Result.DROPPED, List.of());
      return;
    }
    CompletableFuture.delayedExecutor(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)
        .execute(
            () -> {
              if (settled.compareAndSet(false, true)) {
                running.cancel(true);
                LOG.warn(
                    "{}: evidence from {} abandoned: no answer within {} ms",
                    ask,
                    collector,
                    settings.timeout().toMillis());
                ask.settled(Result.TIMEOUT, List.of());
              }
            });
  }

  private void run(
      Ask ask, String fingerprint, String collector, EvidenceSource source, AtomicBoolean settled) {
    List<Evidence> captured;
    try {
      captured = source.capture(ask.request);
    } catch (TimeoutException e) {
      // The source's own bound: its target did not answer in time (a paused JVM).
      if (settled.compareAndSet(false, true)) {
        LOG.warn("{}: evidence from {} timed out: its target did not answer", ask, collector);
        ask.settled(Result.TIMEOUT, List.of());
      }
      return;
    } catch (Exception | StackOverflowError | LinkageError e) {
      if (settled.compareAndSet(false, true)) {
        LOG.warn("{}: evidence from {} failed: {}", ask, collector, e.toString());
        ask.settled(Result.FAILED, List.of());
      }
      return;
    }
    if (!settled.compareAndSet(false, true)) {
      return; // abandoned already: counted as timed out
    }
    List<Evidence> asked = new ArrayList<>();
    for (Evidence e : captured) {
      if (ask.request.asks(e.kind())) {
        store.add(fingerprint, collector, e);
        asked.add(e);
      }
    }
    ask.settled(asked.isEmpty() ? Result.EMPTY : Result.CAPTURED, asked);
  }

  /** One alert's request to every source: counted once all have answered or given up. */
  private final class Ask {
    final EvidenceRequest request;
    private final Map<String, Result> byKind = new HashMap<>();
    private int waiting;

    Ask(EvidenceRequest request, int sources) {
      this.request = request;
      this.waiting = sources;
      request.kinds().forEach(k -> byKind.put(k, Result.EMPTY));
    }

    void settled(Result result, List<Evidence> captured) {
      synchronized (this) {
        for (String kind : request.kinds()) {
          boolean got = captured.stream().anyMatch(e -> e.kind().equals(kind));
          Result r = got ? Result.CAPTURED : result == Result.CAPTURED ? Result.EMPTY : result;
          byKind.merge(kind, r, (a, b) -> a.ordinal() <= b.ordinal() ? a : b);
        }
        if (--waiting > 0) {
          return;
        }
      }
      count(this);
    }

    synchronized Map<String, Result> results() {
      return Map.copyOf(byKind);
    }

    @Override
    public String toString() {
      return request.alert() + " " + request.labels();
    }
  }

  private void count(Ask ask) {
    synchronized (counts) {
      ask.results()
          .forEach(
              (kind, result) ->
                  counts
                      .computeIfAbsent(kind, k -> new EnumMap<>(Result.class))
                      .merge(result, 1L, Long::sum));
    }
  }

  /** {@code kshealth_evidence_captures_total}, every result of every kind from zero. */
  public List<Sample> samples(long now) {
    List<Sample> out = new ArrayList<>();
    synchronized (counts) {
      counts.forEach(
          (kind, byResult) -> {
            for (Result r : Result.values()) {
              out.add(
                  new Sample(
                      CAPTURES,
                      Labels.of("kind", kind, "result", r.label()),
                      byResult.getOrDefault(r, 0L),
                      now));
            }
          });
    }
    return out;
  }

  /** Stops the captures: one still running is abandoned (its thread is a daemon). */
  @Override
  public void close() {
    pool.shutdownNow();
  }
}
