package io.kshealth.alerts.notify;

import io.kshealth.alerts.api.AlertMessage;
import io.kshealth.alerts.api.Notifier;
import io.kshealth.core.retry.Backoff;
import io.kshealth.core.retry.FailureState;
import io.kshealth.core.retry.RetryPolicy;
import io.kshealth.core.schedule.ClockLoop;
import io.kshealth.core.schedule.Deadline;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one notifier's queued batches in order on a thread of its own, so a slow or dead receiver
 * delays nobody else. A failed send is retried after the project's {@link Backoff} (doubling from
 * retry-min up to retry-max, with jitter so that agents that lost the same receiver do not retry in
 * step); the receiver's first failure and its recovery are logged. The batch stays queued until it
 * is delivered, or refused for good. A batch that could not be queued (the data dir full or
 * read-only) is sent once, directly, ahead of the queue: delivered if the receiver is up, else
 * dropped, and counted either way.
 */
final class Delivery implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

  /**
   * Batches that could not be queued and wait for their one direct attempt; a few at most, since
   * they are held in memory: beyond, the newest is dropped (and counted) at once.
   */
  static final int MAX_UNQUEUED = 4;

  private final Notifier notifier;
  private final Outbox outbox;
  private final Clock clock;
  private final FailureState receiver;
  private final ClockLoop loop;

  private long sent;
  private long failed;
  private long rejected;
  private final Deque<List<AlertMessage>> unqueued = new ArrayDeque<>();
  private long unqueuedSent;
  private long unqueuedDropped;
  private long lastSuccessMillis;
  private String lastError = "";

  Delivery(
      Notifier notifier,
      Outbox outbox,
      Duration retryMin,
      Duration retryMax,
      Clock clock,
      DoubleSupplier random) {
    this.notifier = notifier;
    this.outbox = outbox;
    this.clock = clock;
    this.receiver =
        new FailureState(
            LOG,
            "Delivery to notifier " + notifier.name(),
            new Backoff(RetryPolicy.doubling(retryMin, retryMax), clock, random));
    this.loop = new ClockLoop("kshealth-notify-" + notifier.name(), clock, this::attempt);
  }

  void start() {
    loop.start();
  }

  /** New entries: look at the queue now (a backoff in progress still runs its course). */
  void wake() {
    loop.wake();
  }

  /**
   * A batch the outbox could not take: sent once, directly, by the delivery thread (so that a slow
   * receiver does not hold up the rules), and counted as sent or dropped.
   */
  void sendUnqueued(List<AlertMessage> batch) {
    synchronized (this) {
      if (unqueued.size() >= MAX_UNQUEUED) {
        unqueuedDropped++;
        LOG.error(
            "notifier {}: {} alert(s) could neither be queued nor wait for a direct send, dropped",
            notifier.name(),
            batch.size());
        return;
      }
      unqueued.add(List.copyOf(batch));
    }
    wake();
  }

  /**
   * Sends the oldest batch if an attempt is due; returns when the next attempt is due ({@link
   * Long#MAX_VALUE} when nothing waits).
   */
  long attempt() {
    long now = clock.millis();
    List<AlertMessage> direct;
    synchronized (this) {
      direct = unqueued.poll();
    }
    if (direct != null) {
      sendDirect(direct);
      return now;
    }
    synchronized (this) {
      if (!receiver.retryDue()) {
        return receiver.retryAt().toEpochMilli();
      }
    }
    Optional<Outbox.Entry> entry = outbox.oldest();
    if (entry.isEmpty()) {
      return Long.MAX_VALUE;
    }
    try {
      notifier.send(entry.get().alerts());
      outbox.remove(entry.get());
      synchronized (this) {
        sent++;
        receiver.succeeded();
        lastSuccessMillis = clock.millis();
      }
      return now;
    } catch (Notifier.RejectedException e) {
      outbox.remove(entry.get());
      synchronized (this) {
        rejected++;
        lastError = Objects.toString(e.getMessage(), e.toString());
        // The receiver answered: it is up, whatever it thought of the batch.
        receiver.succeeded();
      }
      LOG.error(
          "notifier {}: batch refused for good and dropped: {}", notifier.name(), e.getMessage());
      return now;
    } catch (IOException | RuntimeException e) {
      synchronized (this) {
        failed++;
        lastError = e.getMessage() == null ? e.toString() : e.getMessage();
        receiver.failed(lastError + " (" + outbox.size() + " batch(es) queued)");
        return receiver.retryAt().toEpochMilli();
      }
    }
  }

  private void sendDirect(List<AlertMessage> batch) {
    try {
      notifier.send(batch);
      synchronized (this) {
        unqueuedSent++;
        lastSuccessMillis = clock.millis();
      }
      LOG.warn(
          "notifier {}: sent {} alert(s) directly, without queueing them",
          notifier.name(),
          batch.size());
    } catch (IOException | RuntimeException e) {
      String reason = e.getMessage() == null ? e.toString() : e.getMessage();
      synchronized (this) {
        unqueuedDropped++;
        lastError = reason;
      }
      LOG.error(
          "notifier {}: {} alert(s) that could not be queued were not delivered either, dropped:"
              + " {}",
          notifier.name(),
          batch.size(),
          reason);
    }
  }

  synchronized DeliveryStatus status() {
    return new DeliveryStatus(
        notifier.name(),
        notifier.describe(),
        outbox.size(),
        outbox.queuedBytes(),
        sent,
        failed,
        outbox.droppedQueueFull(),
        rejected,
        unqueuedSent,
        unqueuedDropped,
        receiver.failures(),
        lastSuccessMillis,
        lastError);
  }

  Optional<Long> oldestQueuedMillis() {
    return outbox.oldestQueuedMillis();
  }

  @Override
  public void close() {
    stop();
    await(Deadline.in(Duration.ofSeconds(1)));
  }

  /** Tells the delivery thread to stop, without waiting for it. */
  void stop() {
    synchronized (this) {
      if (!unqueued.isEmpty()) {
        // Never queued, so nothing brings them back after the restart: counted as dropped.
        LOG.error(
            "notifier {}: stopping with {} batch(es) that could not be queued still unsent, dropped",
            notifier.name(),
            unqueued.size());
        unqueuedDropped += unqueued.size();
        unqueued.clear();
      }
    }
    // A send blocked on a dead receiver is cut short; its batch stays queued for the next start.
    loop.stopNow();
  }

  /** Waits for the delivery thread to end, until {@code deadline} at most. */
  void await(Deadline deadline) {
    loop.await(deadline);
  }
}
