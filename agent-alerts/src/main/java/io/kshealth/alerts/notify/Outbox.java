package io.kshealth.alerts.notify;

import io.kshealth.alerts.api.AlertMessage;
import io.kshealth.core.io.IoErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batches waiting for one notifier, oldest first, bounded in count and in the heap they take.
 *
 * <p>With a directory, each batch is a file ({@link BatchFile}) written atomically, so a crash or a
 * restart loses nothing; the alerts of a batch stay in memory only while all held together fit in
 * {@code memoryBytes}, and the others are read back from disk when they reach the head of the
 * queue. An outbox found at start is listed by file names and sizes, none of it read until it is
 * sent, so any size starts. Without a directory the queue lives in memory, and the memory bound is
 * a bound on it like {@code maxEntries}: beyond either, the oldest batch is dropped and counted.
 */
final class Outbox {

  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

  /** One queued batch. */
  record Entry(long sequence, long queuedMillis, List<AlertMessage> alerts) {}

  /**
   * A batch as indexed: its alerts when held in memory (null: on disk only), the fingerprints of
   * its alerts for coalescing (null: unknown, since it was queued before a restart).
   */
  private static final class Slot {
    final long sequence;
    long queuedMillis;
    final long bytes;
    final @Nullable Set<String> fingerprints;
    @Nullable List<AlertMessage> alerts;

    Slot(long sequence, long queuedMillis, long bytes, @Nullable Set<String> fingerprints) {
      this.sequence = sequence;
      this.queuedMillis = queuedMillis;
      this.bytes = bytes;
      this.fingerprints = fingerprints;
    }
  }

  private final String notifier;
  private final Optional<Path> dir;
  private final int maxEntries;
  private final long memoryBytes;
  private final boolean coalesce;
  private final Deque<Slot> slots = new ArrayDeque<>();
  private long nextSequence = 1;
  private long heldBytes;
  private long queuedBytes;
  private long droppedFull;

  /**
   * @param memoryBytes the most the alerts of queued batches may take in memory, counted as their
   *     size on disk; the head batch, read back to be sent, is held beyond it
   * @param coalesce whether a newer batch replaces older ones whose alerts it all carries, for a
   *     receiver that keeps only each alert's latest state (Alertmanager)
   */
  Outbox(String notifier, Optional<Path> dir, int maxEntries, long memoryBytes, boolean coalesce)
      throws IOException {
    this.notifier = notifier;
    this.dir = dir;
    this.maxEntries = maxEntries;
    this.memoryBytes = memoryBytes;
    this.coalesce = coalesce;
    if (dir.isPresent()) {
      Files.createDirectories(dir.get());
      index(dir.get());
    }
  }

  private void index(Path directory) throws IOException {
    for (BatchFile.Listed file : BatchFile.list(directory)) {
      nextSequence = Math.max(nextSequence, file.sequence() + 1);
      slots.add(new Slot(file.sequence(), file.modifiedMillis(), file.bytes(), null));
      queuedBytes += file.bytes();
    }
    if (!slots.isEmpty()) {
      LOG.info(
          "notifier {}: {} batch(es), {} bytes, still to deliver from {}",
          notifier,
          slots.size(),
          queuedBytes,
          directory);
    }
  }

  /** Queues a batch; with a directory, only once it is on disk (else nothing changes). */
  synchronized void add(long nowMillis, List<AlertMessage> alerts) throws IOException {
    byte[] json = BatchFile.encode(nowMillis, alerts);
    long sequence = nextSequence;
    long bytes = json.length;
    if (dir.isPresent()) {
      bytes = BatchFile.write(BatchFile.path(dir.get(), sequence), json);
    }
    nextSequence++;
    Set<String> fingerprints = new HashSet<>();
    alerts.forEach(a -> fingerprints.add(Fingerprint.of(a.labels())));
    if (coalesce) {
      Iterator<Slot> it = slots.iterator();
      while (it.hasNext()) {
        Slot old = it.next();
        if (old.fingerprints != null && fingerprints.containsAll(old.fingerprints)) {
          it.remove();
          forget(old);
        }
      }
    }
    while (slots.size() >= maxEntries || dir.isEmpty() && heldBytes + bytes > memoryBytes) {
      if (slots.isEmpty()) {
        break;
      }
      dropOldest(slots.size() >= maxEntries ? maxEntries + " batches" : memoryBytes + " bytes");
    }
    Slot slot = new Slot(sequence, nowMillis, bytes, fingerprints);
    if (dir.isEmpty() || heldBytes + bytes <= memoryBytes) {
      hold(slot, List.copyOf(alerts));
    }
    slots.addLast(slot);
    queuedBytes += bytes;
  }

  private void dropOldest(String bound) {
    Slot dropped = slots.removeFirst();
    forget(dropped);
    droppedFull++;
    LOG.warn(
        "notifier {}: queue full ({}), dropped the oldest batch: {}",
        notifier,
        bound,
        dropped.alerts == null
            ? dropped.bytes + " bytes queued at " + dropped.queuedMillis
            : dropped.alerts.stream()
                .map(a -> a.alertName() + (a.firing() ? " firing" : " resolved"))
                .toList());
  }

  /**
   * The batch to send next, read back from disk if it is not held; a damaged file is skipped (and
   * deleted), a file that cannot be read just now leaves the queue as it is and returns empty.
   */
  synchronized Optional<Entry> oldest() {
    while (!slots.isEmpty()) {
      Slot head = slots.peekFirst();
      List<AlertMessage> alerts = head.alerts;
      if (alerts == null) {
        Path file = BatchFile.path(dir.orElseThrow(), head.sequence);
        try {
          BatchFile.Batch batch = BatchFile.read(file);
          head.queuedMillis = batch.queuedMillis();
          alerts = batch.alerts();
          hold(head, alerts);
        } catch (BatchFile.DamagedException e) {
          LOG.warn(
              "notifier {}: skipping unreadable queued batch {}: {}",
              notifier,
              file,
              e.getMessage());
          slots.removeFirst();
          forget(head);
          continue;
        } catch (IOException e) {
          // Not the batch's fault (an I/O error, an interrupt at shutdown): it stays queued.
          LOG.warn("notifier {}: cannot read queued batch: {}", notifier, IoErrors.describe(e));
          return Optional.empty();
        }
      }
      return Optional.of(new Entry(head.sequence, head.queuedMillis, alerts));
    }
    return Optional.empty();
  }

  /** When the oldest batch was queued, without reading it. */
  synchronized Optional<Long> oldestQueuedMillis() {
    return Optional.ofNullable(slots.peekFirst()).map(s -> s.queuedMillis);
  }

  synchronized void remove(Entry entry) {
    Iterator<Slot> it = slots.iterator();
    while (it.hasNext()) {
      Slot slot = it.next();
      if (slot.sequence == entry.sequence()) {
        it.remove();
        forget(slot);
        return;
      }
    }
  }

  private void hold(Slot slot, List<AlertMessage> alerts) {
    slot.alerts = alerts;
    heldBytes += slot.bytes;
  }

  private void forget(Slot slot) {
    if (slot.alerts != null) {
      heldBytes -= slot.bytes;
      slot.alerts = null;
    }
    queuedBytes -= slot.bytes;
    if (dir.isPresent()) {
      Path file = BatchFile.path(dir.get(), slot.sequence);
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        LOG.warn("notifier {}: cannot delete {}: {}", notifier, file, IoErrors.describe(e));
      }
    }
  }

  synchronized int size() {
    return slots.size();
  }

  /** The size of the queued batches (on disk, or in memory without a directory). */
  synchronized long queuedBytes() {
    return queuedBytes;
  }

  /** What the alerts of queued batches take in memory, counted as their size on disk. */
  synchronized long heldBytes() {
    return heldBytes;
  }

  synchronized long droppedQueueFull() {
    return droppedFull;
  }

  boolean persistent() {
    return dir.isPresent();
  }
}
