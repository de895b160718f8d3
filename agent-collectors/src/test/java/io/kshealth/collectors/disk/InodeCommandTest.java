package io.kshealth.collectors.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InodeCommandTest {

  @Test
  void countsTheInodesOfThisMachinesTmp() throws Exception {
    Inodes inodes = InodeCommand.coreutilsStat().run(Path.of("/tmp"));
    assertTrue(inodes.files() > 0, inodes.toString());
    assertTrue(inodes.free() <= inodes.files(), inodes.toString());
  }

  @Test
  void aFailingCommandIsAnErrorWithItsOutput() {
    IOException e =
        assertThrows(
            IOException.class,
            () -> InodeCommand.coreutilsStat().run(Path.of("/no/such/kshealth/dir")));
    assertTrue(
        e.getMessage()
            .startsWith(
                "stat --file-system --format %c %d -- /no/such/kshealth/dir failed (exit 1): stat:"),
        e.getMessage());
  }

  /** It sleeps longer than the default test timeout: waited for, it would fail this test. */
  @Test
  void aCommandThatHangsIsStopped() {
    InodeCommand slow =
        new InodeCommand(List.of("sh", "-c", "exec sleep 600"), Duration.ofMillis(200));
    IOException e = assertThrows(IOException.class, () -> slow.run(Path.of("/tmp")));
    assertEquals("sh -c exec sleep 600 -- /tmp did not finish within 200 ms", e.getMessage());
  }

  @Test
  void outputThatIsNotTwoCountsIsAnError() {
    InodeCommand echo = new InodeCommand(List.of("echo", "12 x"), Duration.ofSeconds(2));
    assertEquals(
        "echo 12 x -- /tmp: expected 'total free' inode counts, got '12 x -- /tmp'",
        assertThrows(IOException.class, () -> echo.run(Path.of("/tmp"))).getMessage());
  }
}
