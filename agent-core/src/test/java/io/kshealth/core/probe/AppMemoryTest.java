package io.kshealth.core.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.core.io.AtomicFile;
import io.kshealth.core.io.DataDirHealth;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppMemoryTest {

  @Test
  void keepsTheJvmItsFirstRunningAndItsRestartsAcrossLoads(@TempDir Path data) {
    DataDirHealth health = DataDirHealth.probe(data);
    AppMemory memory = AppMemory.load(Optional.of(data), health);
    assertFalse(memory.jvmStarted(1_000), "the first JVM seen is no restart");
    memory.running();
    assertTrue(memory.jvmStarted(2_000));
    assertFalse(memory.jvmStarted(1_500), "an older JVM (a stale reading) is not a restart");

    AppMemory again = AppMemory.load(Optional.of(data), health);
    assertEquals(1, again.restartsSince(0));
    assertFalse(again.everRunning(), "the JVM that restarted has not run yet");
    assertFalse(again.jvmStarted(1_500), "the same JVM as before the agent restarted");
    assertTrue(health.writable());
  }

  @Test
  void aDamagedFileStartsAfreshWithoutFailing(@TempDir Path data) throws Exception {
    Path file = data.resolve(AppMemory.FILE);
    Random random = new Random(19);
    for (int i = 0; i < 200; i++) {
      byte[] junk = new byte[random.nextInt(64)];
      random.nextBytes(junk);
      Files.write(file, junk);
      AppMemory memory = AppMemory.load(Optional.of(data), DataDirHealth.none());
      assertEquals(0, memory.restartsSince(0));
    }
    AtomicFile.write(
        file,
        new AtomicFile.Header("kshealth-app-probes", 1),
        os -> {
          DataOutputStream out = new DataOutputStream(os);
          out.writeLong(1);
          out.writeBoolean(true);
          out.writeInt(Integer.MAX_VALUE);
          out.flush();
        });
    AppMemory memory = AppMemory.load(Optional.of(data), DataDirHealth.none());
    assertEquals(0, memory.restartsSince(0), "an absurd count is refused, not allocated");
    assertFalse(memory.everRunning());
  }

  @Test
  void anUnwritableDirIsReportedNotFatal(@TempDir Path data) throws Exception {
    DataDirHealth health = DataDirHealth.probe(data);
    Path dir = data.resolve("gone");
    AppMemory memory = AppMemory.load(Optional.of(dir), health);
    assertFalse(memory.jvmStarted(1_000));
    assertFalse(health.writable(), "the failed save is counted");
  }
}
