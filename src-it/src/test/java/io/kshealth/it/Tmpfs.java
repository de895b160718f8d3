package io.kshealth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A tmpfs mounted on a directory of the test's, to give the agent a data dir that fills up or is
 * read-only as a real disk does (chmod does not stop root, which the tests run as). Unmounted on
 * close.
 */
final class Tmpfs implements AutoCloseable {

  private final Path dir;

  private Tmpfs(Path dir) {
    this.dir = dir;
  }

  /** Mounts a tmpfs of {@code size} (as mount's {@code size=} option: {@code 64k}) on dir. */
  static Tmpfs mount(Path dir, String size) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0755", "tmpfs", dir.toString());
    return new Tmpfs(dir);
  }

  Path dir() {
    return dir;
  }

  /** Remounts it read-only: every write fails with "Read-only file system". */
  void readOnly() throws IOException, InterruptedException {
    run("mount", "-o", "remount,ro", dir.toString());
  }

  @Override
  public void close() throws IOException {
    try {
      run("umount", dir.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while unmounting " + dir, e);
    }
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Exec.Result result = Exec.run(new ProcessBuilder(List.of(command)));
    assertEquals(0, result.exitCode(), () -> String.join(" ", command) + ": " + result.stderr());
  }
}
