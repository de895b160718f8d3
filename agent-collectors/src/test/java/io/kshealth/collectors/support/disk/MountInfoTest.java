package io.kshealth.collectors.support.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountInfoTest {

  private static final Path FIXTURES = Path.of("src/test/resources/MountInfoTest");

  @Test
  void readsThisMachinesMountinfo() throws IOException {
    List<Mount> mounts =
        MountInfo.read(Path.of("src/test/resources/BlockDevicesTest/vda/proc/self/mountinfo"));
    assertEquals(20, mounts.size());
    assertEquals(new Mount("254:0", Path.of("/"), "ext4", "/dev/vda"), mounts.get(5));
    assertEquals(
        new Mount("0:38", Path.of("/sys/fs/cgroup/unified"), "cgroup2", "cgroup2"), mounts.get(19));
  }

  @Test
  void decodesEscapesAndSkipsOptionalFields() throws IOException {
    List<Mount> mounts = MountInfo.read(FIXTURES.resolve("escapes"));
    assertEquals(
        List.of(
            new Mount("254:0", Path.of("/"), "ext4", "/dev/vda"),
            new Mount("0:40", Path.of("/mnt/kafka streams"), "tmpfs", "my tmpfs"),
            new Mount("0:41", Path.of("/mnt/tab\tand\\backslash"), "tmpfs", "tmpfs"),
            new Mount("0:42", Path.of("/mnt/new\nline"), "fuse.sshfs", "user@host:/data")),
        mounts);
  }

  @Test
  void leavesBackslashesThatAreNotEscapes() {
    assertEquals("a\\9b\\", MountInfo.unescape("a\\9b\\"));
    assertEquals("x\\04", MountInfo.unescape("x\\04"));
  }

  @Test
  void aLineCutShortIsAnError() {
    assertEquals(
        FIXTURES.resolve("truncated")
            + " line 7: no ' - ' after the mount options: '28 27 0:25 / /mnt/sandbox'",
        error("truncated"));
    assertEquals(
        FIXTURES.resolve("no-source")
            + " line 1: expected filesystem type, source and options after ' - ':"
            + " '27 1 254:0 / / rw,relatime - ext4'",
        error("no-source"));
  }

  @Test
  void aBadDeviceNumberIsAnError() {
    assertEquals(
        FIXTURES.resolve("bad-device") + " line 2: field 3 is not major:minor: '254-0'",
        error("bad-device"));
  }

  @Test
  void anEmptyFileIsAnError() {
    assertEquals(FIXTURES.resolve("empty") + " is empty", error("empty"));
  }

  private static String error(String fixture) {
    return assertThrows(IOException.class, () -> MountInfo.read(FIXTURES.resolve(fixture)))
        .getMessage();
  }
}
