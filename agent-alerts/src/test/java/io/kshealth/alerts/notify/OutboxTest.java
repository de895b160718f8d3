package io.kshealth.alerts.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.alerts.api.AlertMessage;
import io.kshealth.core.io.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {

  static final long MEMORY = 1024 * 1024;

  static AlertMessage alert(String name, boolean firing) {
    return new AlertMessage(
        Map.of("alertname", name, "severity", "page"),
        Map.of("summary", "it is " + name),
        Instant.parse("2026-11-22T10:00:00Z"),
        firing ? Optional.empty() : Optional.of(Instant.parse("2026-11-22T10:05:00.123Z")),
        "http://agent:19418/api/v1/alerts");
  }

  @Test
  void keepsOrderAcrossARestartWithEveryField(@TempDir Path dir) throws Exception {
    Outbox before = new Outbox("hook", Optional.of(dir), 10, MEMORY, false);
    before.add(1000, List.of(alert("A", true)));
    before.add(2000, List.of(alert("B", false), alert("C", true)));
    Outbox after = new Outbox("hook", Optional.of(dir), 10, MEMORY, false);
    assertEquals(2, after.size());
    Outbox.Entry first = after.oldest().orElseThrow();
    assertEquals(List.of(alert("A", true)), first.alerts());
    assertEquals(1000, first.queuedMillis());
    after.remove(first);
    assertEquals(
        List.of(alert("B", false), alert("C", true)), after.oldest().orElseThrow().alerts());
    after.add(3000, List.of(alert("D", true)));
    assertEquals(
        2,
        new Outbox("hook", Optional.of(dir), 10, MEMORY, false).size(),
        "removal is on disk too");
  }

  @Test
  void dropsTheOldestWhenFullAndCountsIt() throws Exception {
    Outbox outbox = new Outbox("hook", Optional.empty(), 2, MEMORY, false);
    outbox.add(1, List.of(alert("A", true)));
    outbox.add(2, List.of(alert("B", true)));
    outbox.add(3, List.of(alert("C", true)));
    assertEquals(2, outbox.size());
    assertEquals(1, outbox.droppedQueueFull());
    assertEquals("B", outbox.oldest().orElseThrow().alerts().get(0).alertName());
  }

  @Test
  void aNewerAlertmanagerBatchReplacesOlderOnesItCovers() throws Exception {
    Outbox outbox = new Outbox("am", Optional.empty(), 10, MEMORY, true);
    outbox.add(1, List.of(alert("A", true)));
    outbox.add(2, List.of(alert("A", true), alert("B", true)));
    outbox.add(3, List.of(alert("C", true)));
    assertEquals(2, outbox.size(), "the first batch is superseded, the second is not");
    assertEquals(0, outbox.droppedQueueFull());
    assertEquals(2, outbox.oldest().orElseThrow().alerts().size());
  }

  @Test
  void skipsAnUnreadableEntry(@TempDir Path dir) throws Exception {
    Outbox before = new Outbox("hook", Optional.of(dir), 10, MEMORY, false);
    before.add(1, List.of(alert("A", true)));
    before.add(2, List.of(alert("B", true)));
    Files.writeString(dir.resolve("0000000000000001.json"), "{broken");
    Outbox after = new Outbox("hook", Optional.of(dir), 10, MEMORY, false);
    assertEquals(2, after.size(), "listed, not read");
    assertEquals("B", after.oldest().orElseThrow().alerts().get(0).alertName());
    assertEquals(1, after.size());
    assertFalse(Files.exists(dir.resolve("0000000000000001.json")), "the damaged file is gone");
    after.add(3, List.of(alert("C", true)));
    assertTrue(Files.exists(dir.resolve("0000000000000003.json")), "numbering goes on");
  }

  /** An alert as big as the ones that exhausted the heap: a 20 KB annotation. */
  static AlertMessage large(String name, int n) {
    return new AlertMessage(
        Map.of("alertname", name, "n", Integer.toString(n)),
        Map.of("description", ("%05d ".formatted(n)).repeat(20_000 / 6)),
        Instant.parse("2026-11-22T10:00:00Z"),
        Optional.empty(),
        "http://agent:19418/api/v1/alerts");
  }

  static List<AlertMessage> largeBatch(int n) {
    return List.of(large("A", n), large("B", n));
  }

  @Test
  void holdsBoundedBytesAndDrainsEveryBatchInOrder(@TempDir Path dir) throws Exception {
    long bound = 200_000;
    Outbox outbox = new Outbox("hook", Optional.of(dir), 10_000, bound, false);
    int batches = 200; // about 8 MB queued, 40 times the bound
    for (int i = 0; i < batches; i++) {
      outbox.add(i, largeBatch(i));
      assertTrue(outbox.heldBytes() <= bound, "held " + outbox.heldBytes() + " after " + i);
    }
    assertTrue(outbox.queuedBytes() > 40 * bound, "queued " + outbox.queuedBytes());
    assertEquals(batches, outbox.size());
    for (int i = 0; i < batches; i++) {
      Outbox.Entry head = outbox.oldest().orElseThrow();
      assertEquals(largeBatch(i), head.alerts(), "batch " + i + " whole and in order");
      assertEquals(i, head.queuedMillis());
      long oneBatch = Files.size(BatchFile.path(dir, head.sequence()));
      assertTrue(outbox.heldBytes() <= bound + oneBatch, "held " + outbox.heldBytes());
      outbox.remove(head);
    }
    assertEquals(0, outbox.size());
    assertEquals(0, outbox.heldBytes());
    assertEquals(0, outbox.queuedBytes());
    try (var files = Files.list(dir)) {
      assertEquals(List.of(), files.toList(), "every file deleted once delivered");
    }
  }

  @Test
  void aRestartListsALargeOutboxWithoutReadingIt(@TempDir Path dir) throws Exception {
    Outbox before = new Outbox("hook", Optional.of(dir), 10_000, 100_000, false);
    for (int i = 0; i < 100; i++) {
      before.add(i, largeBatch(i));
    }
    long queued = before.queuedBytes();
    Files.writeString(dir.resolve("0000000000000007.json.tmp"), "half a batch from a crash");

    Outbox after = new Outbox("hook", Optional.of(dir), 10_000, 100_000, false);
    assertEquals(100, after.size());
    assertEquals(queued, after.queuedBytes());
    assertEquals(0, after.heldBytes(), "nothing read at start");
    assertFalse(Files.exists(dir.resolve("0000000000000007.json.tmp")), "stale temp deleted");
    Outbox.Entry head = after.oldest().orElseThrow();
    assertEquals(largeBatch(0), head.alerts());
    assertEquals(Files.size(BatchFile.path(dir, head.sequence())), after.heldBytes());
    after.remove(head);
    after.add(1000, largeBatch(1000));
    for (int i = 1; i < 100; i++) {
      Outbox.Entry next = after.oldest().orElseThrow();
      assertEquals(largeBatch(i), next.alerts());
      after.remove(next);
    }
    assertEquals(largeBatch(1000), after.oldest().orElseThrow().alerts(), "queued after restart");
  }

  @Test
  void readsABatchTheReleaseBeforeWroteWithoutAHeader(@TempDir Path dir) throws Exception {
    // Release 0.x wrote the bare JSON of BatchFile.encode, renamed into place.
    Files.write(
        dir.resolve("0000000000000004.json"),
        BatchFile.encode(4000, List.of(alert("OLD", true), alert("GONE", false))));
    Outbox outbox = new Outbox("hook", Optional.of(dir), 10, MEMORY, false);
    Outbox.Entry old = outbox.oldest().orElseThrow();
    assertEquals(List.of(alert("OLD", true), alert("GONE", false)), old.alerts());
    assertEquals(4000, old.queuedMillis());
    outbox.remove(old);
    outbox.add(5000, List.of(alert("NEW", true)));
    assertTrue(
        Files.exists(dir.resolve("0000000000000005.json")), "numbering goes on after the old");
    assertTrue(
        AtomicFile.read(dir.resolve("0000000000000005.json")).header().isPresent(),
        "new batches have a header");
  }

  @Test
  void inMemoryTheMemoryBoundDropsTheOldestAndCountsIt() throws Exception {
    Outbox outbox = new Outbox("hook", Optional.empty(), 10_000, 200_000, false);
    for (int i = 0; i < 20; i++) {
      outbox.add(i, largeBatch(i));
      assertTrue(outbox.heldBytes() <= 200_000, "held " + outbox.heldBytes());
    }
    assertTrue(outbox.droppedQueueFull() >= 15, "dropped " + outbox.droppedQueueFull());
    assertEquals(20, outbox.size() + outbox.droppedQueueFull());
    int kept = outbox.size();
    assertEquals(largeBatch(20 - kept), outbox.oldest().orElseThrow().alerts(), "the newest kept");
  }

  @Test
  void aBatchThatCannotBeWrittenIsNotQueuedAndLeavesNoTemporaryFile(@TempDir Path data)
      throws Exception {
    Path dir = data.resolve("hook");
    Outbox outbox = new Outbox("hook", Optional.of(dir), 10, MEMORY, false);
    outbox.add(1, List.of(alert("A", true)));
    // The directory replaced by a file: every write fails, as on a read-only or vanished dir.
    Files.delete(BatchFile.path(dir, 1));
    Files.delete(dir);
    Files.writeString(dir, "not a directory");
    assertThrows(IOException.class, () -> outbox.add(2, List.of(alert("B", true))));
    assertEquals(1, outbox.size(), "nothing queued that is not on disk");
    try (var files = Files.list(data)) {
      assertEquals(List.of(dir), files.toList());
    }
  }
}
