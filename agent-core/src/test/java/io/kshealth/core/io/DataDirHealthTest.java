package io.kshealth.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.api.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirHealthTest {

  @TempDir Path tmp;

  @Test
  void aWritableDirIsUsedAndEachFilesLastWriteDecides() {
    Path dir = tmp.resolve("data");
    DataDirHealth health = DataDirHealth.probe(dir);
    assertEquals(Optional.of(dir), health.persistentDir());
    assertTrue(Files.isDirectory(dir), "created");
    assertEquals(1.0, value(health, DataDirHealth.WRITABLE.name(), ""));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(), files.toList(), "the probe leaves nothing behind");
    } catch (IOException e) {
      throw new AssertionError(e);
    }

    health.failed(DataDirHealth.OUTBOX);
    health.written(DataDirHealth.ALERT_STATE);
    assertFalse(health.writable(), "the outbox's last write failed");
    assertEquals(0.0, value(health, DataDirHealth.WRITABLE.name(), ""));
    assertEquals(1.0, value(health, DataDirHealth.WRITE_ERRORS.name(), DataDirHealth.OUTBOX));
    health.written(DataDirHealth.OUTBOX);
    assertTrue(health.writable());
    assertEquals(1.0, value(health, DataDirHealth.WRITE_ERRORS.name(), DataDirHealth.OUTBOX));
  }

  @Test
  void anUnwritableDirTurnsPersistenceOffAndSaysSo() throws IOException {
    // Under a regular file: no user, root included, can create it.
    Path blocker = Files.writeString(tmp.resolve("file"), "x");
    DataDirHealth health = DataDirHealth.probe(blocker.resolve("data"));
    assertEquals(Optional.empty(), health.persistentDir());
    assertFalse(health.writable());
    assertEquals(0.0, value(health, DataDirHealth.WRITABLE.name(), ""));
    assertEquals(1.0, value(health, DataDirHealth.WRITE_ERRORS.name(), DataDirHealth.PROBE));
    health.written(DataDirHealth.OUTBOX);
    assertFalse(health.writable(), "stays off until restarted");
  }

  @Test
  void noDataDirReportsNothing() {
    assertEquals(List.of(), DataDirHealth.none().samples(0));
  }

  private static double value(DataDirHealth health, String metric, String file) {
    return health.samples(0).stream()
        .filter(s -> s.metric().name().equals(metric))
        .filter(s -> file.isEmpty() || file.equals(s.labels().get("file")))
        .map(Sample::value)
        .findFirst()
        .orElseThrow(() -> new AssertionError(metric + " " + file + " in " + health.samples(0)));
  }
}
