package io.kshealth.alerts.notify;

import io.kshealth.alerts.api.AlertMessage;
import io.kshealth.alerts.api.Notifier;
import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.Sample;
import io.kshealth.core.io.DataDirHealth;
import io.kshealth.core.io.IoErrors;
import io.kshealth.core.schedule.Deadline;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each evaluation's alerts to every notifier's queue: to Alertmanager the whole active set
 * when anything changed and again every resend delay; to the others what fired or resolved.
 */
public final class NotificationDispatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);

  static final Metric SENT =
      Metric.counter("kshealth_notifications_sent_total", "Batches of alerts delivered.");
  static final Metric FAILED =
      Metric.counter(
          "kshealth_notifications_failed_total",
          "Delivery attempts that failed and will be retried.");
  static final Metric DROPPED =
      Metric.counter(
          "kshealth_notifications_dropped_total",
          "Batches dropped: reason queue_full (the outbox bound was hit) or rejected (the receiver"
              + " refused them for good).");
  static final Metric UNQUEUED =
      Metric.counter(
          "kshealth_notifications_unqueued_total",
          "Batches that could not be queued (the data dir full, read-only or gone), sent once"
              + " directly: outcome sent_direct (delivered) or dropped (the receiver was down too).");
  static final Metric QUEUED =
      Metric.gauge("kshealth_notifications_queued", "Batches waiting to be delivered.");
  static final Metric QUEUED_BYTES =
      Metric.gauge(
          "kshealth_notifications_queued_bytes",
          "Size of the batches waiting to be delivered, on disk (in memory without a data dir).");
  static final Metric OLDEST =
      Metric.gauge(
          "kshealth_notifications_oldest_queued_seconds",
          "Age of the oldest batch waiting to be delivered; 0 when none waits.");

  private record Target(Notifier notifier, Outbox outbox, Delivery delivery) {}

  private final List<Target> targets = new ArrayList<>();
  private final Duration resendDelay;
  private final DataDirHealth dataDir;

  /** When the active set was last queued for the resending notifiers; null: not yet. */
  private @Nullable Long lastResendMillis;

  /**
   * @param outboxDir where the queues are kept, one directory per notifier; empty: in memory
   * @param memoryBytes the heap each notifier's queued batches may take (see {@link Outbox})
   * @param dataDir told whether each write to the outbox succeeded
   */
  public NotificationDispatcher(
      List<Notifier> notifiers,
      Optional<Path> outboxDir,
      int maxEntries,
      long memoryBytes,
      DataDirHealth dataDir,
      Duration retryMin,
      Duration retryMax,
      Duration resendDelay,
      Clock clock,
      DoubleSupplier random)
      throws IOException {
    this.resendDelay = resendDelay;
    this.dataDir = dataDir;
    for (Notifier n : notifiers) {
      Outbox outbox;
      try {
        outbox =
            new Outbox(
                n.name(),
                outboxDir.map(d -> d.resolve(n.name())),
                maxEntries,
                memoryBytes,
                n.resendsActive());
      } catch (IOException e) {
        dataDir.failed(DataDirHealth.OUTBOX);
        LOG.warn(
            "notifier {}: cannot keep its queue on disk ({}); it is kept in memory, lost on"
                + " restart",
            n.name(),
            IoErrors.describe(e));
        outbox = new Outbox(n.name(), Optional.empty(), maxEntries, memoryBytes, n.resendsActive());
      }
      Delivery delivery = new Delivery(n, outbox, retryMin, retryMax, clock, random);
      targets.add(new Target(n, outbox, delivery));
    }
    targets.forEach(t -> t.delivery().start());
  }

  /** After an evaluation: what fired or resolved, and every alert still to be reported. */
  public synchronized void publish(
      long nowMillis, List<AlertMessage> changed, List<AlertMessage> active) {
    // An agent restarted with firing alerts has no change to report, yet must re-send them at once.
    boolean resend =
        !active.isEmpty()
            && (lastResendMillis == null || nowMillis - lastResendMillis >= resendDelay.toMillis());
    boolean resent = false;
    for (Target t : targets) {
      List<AlertMessage> batch;
      if (t.notifier().resendsActive()) {
        batch = !changed.isEmpty() || resend ? active : List.of();
        resent |= !batch.isEmpty();
      } else {
        batch = changed;
      }
      if (batch.isEmpty()) {
        continue;
      }
      try {
        t.outbox().add(nowMillis, batch);
        if (t.outbox().persistent()) {
          dataDir.written(DataDirHealth.OUTBOX);
        }
        t.delivery().wake();
      } catch (IOException e) {
        dataDir.failed(DataDirHealth.OUTBOX);
        LOG.error(
            "notifier {}: cannot queue {} alert(s): {}; sending them once, directly",
            t.notifier().name(),
            batch.size(),
            IoErrors.describe(e));
        t.delivery().sendUnqueued(batch);
      }
    }
    if (resent) {
      lastResendMillis = nowMillis;
    }
  }

  public List<DeliveryStatus> statuses() {
    return targets.stream().map(t -> t.delivery().status()).toList();
  }

  public List<Sample> samples(long nowMillis) {
    List<Sample> out = new ArrayList<>();
    for (Target t : targets) {
      DeliveryStatus s = t.delivery().status();
      Labels labels = Labels.of("notifier", s.name());
      out.add(new Sample(SENT, labels, s.sent(), nowMillis));
      out.add(new Sample(FAILED, labels, s.failed(), nowMillis));
      out.add(
          new Sample(DROPPED, labels.and("reason", "queue_full"), s.droppedQueueFull(), nowMillis));
      out.add(
          new Sample(DROPPED, labels.and("reason", "rejected"), s.droppedRejected(), nowMillis));
      out.add(
          new Sample(UNQUEUED, labels.and("outcome", "sent_direct"), s.unqueuedSent(), nowMillis));
      out.add(
          new Sample(UNQUEUED, labels.and("outcome", "dropped"), s.unqueuedDropped(), nowMillis));
      out.add(new Sample(QUEUED, labels, s.queued(), nowMillis));
      out.add(new Sample(QUEUED_BYTES, labels, s.queuedBytes(), nowMillis));
      double age =
          t.delivery()
              .oldestQueuedMillis()
              .map(q -> Math.max(0, nowMillis - q) / 1000.0)
              .orElse(0.0);
      out.add(new Sample(OLDEST, labels, age, nowMillis));
    }
    return out;
  }

  @Override
  public void close() {
    close(Deadline.in(Duration.ofSeconds(1)));
  }

  /** Stops every delivery thread and waits for them, together, until {@code deadline} at most. */
  public void close(Deadline deadline) {
    targets.forEach(t -> t.delivery().stop());
    targets.forEach(t -> t.delivery().await(deadline));
  }
}
