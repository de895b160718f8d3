package io.kshealth.alerts.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    assertEquals(1, after.size());
    assertEquals("B", after.oldest().orElseThrow().alerts().get(0).alertName());
    after.add(3, List.of(alert("C", true)));
    assertTrue(Files.exists(dir.resolve("0000000000000003.json")), "numbering goes on");
  }
}
