package io.kshealth.alerts.notify;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batches waiting for one notifier, oldest first, bounded. With a directory, each batch is a
 * file ({@code <sequence>.json}) written to a temporary file, synced and renamed, so a crash or a
 * restart loses nothing and never leaves half an entry; without one, the queue lives in memory.
 */
final class Outbox {

  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

  /** One queued batch. */
  record Entry(long sequence, long queuedMillis, List<AlertMessage> alerts) {}

  private final String notifier;
  private final Optional<Path> dir;
  private final int maxEntries;
  private final boolean coalesce;
  private final Deque<Entry> entries = new ArrayDeque<>();
  private long nextSequence = 1;
  private long droppedFull;

  /**
   * @param coalesce whether a newer batch replaces older ones whose alerts it all carries, for a
   *     receiver that keeps only each alert's latest state (Alertmanager)
   */
  Outbox(String notifier, Optional<Path> dir, int maxEntries, boolean coalesce) throws IOException {
    this.notifier = notifier;
    this.dir = dir;
    this.maxEntries = maxEntries;
    this.coalesce = coalesce;
    if (dir.isPresent()) {
      Files.createDirectories(dir.get());
      load(dir.get());
    }
  }

  private void load(Path directory) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(directory)) {
      files =
          list.filter(p -> p.getFileName().toString().matches("\\d{16}\\.json")).sorted().toList();
    }
    for (Path file : files) {
      long sequence = Long.parseLong(file.getFileName().toString().substring(0, 16));
      nextSequence = Math.max(nextSequence, sequence + 1);
      try {
        Map<String, Object> root = JSON.std.mapFrom(Files.readString(file, StandardCharsets.UTF_8));
        List<AlertMessage> alerts = new ArrayList<>();
        for (Object a : (List<?>) root.get("alerts")) {
          alerts.add(AlertJson.fromStored((Map<?, ?>) a));
        }
        entries.add(new Entry(sequence, ((Number) root.get("queued")).longValue(), alerts));
      } catch (IOException | RuntimeException e) {
        LOG.warn(
            "notifier {}: skipping unreadable queued batch {}: {}", notifier, file, e.toString());
      }
    }
    if (!entries.isEmpty()) {
      LOG.info(
          "notifier {}: {} batch(es) still to deliver from {}",
          notifier,
          entries.size(),
          directory);
    }
  }

  synchronized void add(long nowMillis, List<AlertMessage> alerts) throws IOException {
    if (coalesce) {
      Set<Map<String, String>> carried = new HashSet<>();
      alerts.forEach(a -> carried.add(a.labels()));
      Iterator<Entry> it = entries.iterator();
      while (it.hasNext()) {
        Entry old = it.next();
        if (old.alerts().stream().allMatch(a -> carried.contains(a.labels()))) {
          it.remove();
          delete(old);
        }
      }
    }
    while (entries.size() >= maxEntries) {
      Entry dropped = entries.removeFirst();
      delete(dropped);
      droppedFull++;
      LOG.warn(
          "notifier {}: queue full ({} batches), dropped the oldest: {}",
          notifier,
          maxEntries,
          dropped.alerts().stream()
              .map(a -> a.alertName() + (a.firing() ? " firing" : " resolved"))
              .toList());
    }
    Entry entry = new Entry(nextSequence++, nowMillis, List.copyOf(alerts));
    write(entry);
    entries.addLast(entry);
  }

  synchronized Optional<Entry> oldest() {
    return Optional.ofNullable(entries.peekFirst());
  }

  synchronized void remove(Entry entry) {
    if (entries.remove(entry)) {
      delete(entry);
    }
  }

  synchronized int size() {
    return entries.size();
  }

  synchronized long droppedQueueFull() {
    return droppedFull;
  }

  private void write(Entry entry) throws IOException {
    if (dir.isEmpty()) {
      return;
    }
    List<Map<String, Object>> alerts = new ArrayList<>();
    entry.alerts().forEach(a -> alerts.add(AlertJson.stored(a)));
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("queued", entry.queuedMillis());
    root.put("alerts", alerts);
    Path file = file(entry);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, JSON.std.asString(root), StandardCharsets.UTF_8);
    try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private void delete(Entry entry) {
    if (dir.isPresent()) {
      try {
        Files.deleteIfExists(file(entry));
      } catch (IOException e) {
        LOG.warn("notifier {}: cannot delete {}: {}", notifier, file(entry), e.toString());
      }
    }
  }

  private Path file(Entry entry) {
    return dir.orElseThrow().resolve(String.format("%016d.json", entry.sequence()));
  }
}
