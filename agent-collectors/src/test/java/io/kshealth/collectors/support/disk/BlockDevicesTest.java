package io.kshealth.collectors.support.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockDevicesTest {

  private static final Path FIXTURES = Path.of("src/test/resources/BlockDevicesTest");

  /** Captured on a Firecracker VM: ext4 on the virtio disk vda (see the README next to it). */
  static final Path VDA = FIXTURES.resolve("vda");

  /** Built: an EKS pod with an EBS volume, tmpfs mounts and an LVM volume. */
  static final Path NVME_EBS = FIXTURES.resolve("nvme-ebs");

  static BlockDevices devices(Path root) {
    return new BlockDevices(root.resolve("proc"), root.resolve("sys"));
  }

  @Test
  void findsTheVirtioDiskUnderTmp() throws IOException {
    BlockDevices vda = devices(VDA);
    Mount root = vda.mountContaining(Path.of("/tmp/kafka-streams"));
    assertEquals(new Mount("254:0", Path.of("/"), "ext4", "/dev/vda"), root);
    assertEquals(
        Optional.of(new BlockDevice("vda", "254:0", "", "overlayblk", 536870912L * 512, true)),
        vda.diskOf(root));
  }

  @Test
  void ofStackedMountsTheLastOneIsVisible() throws IOException {
    // /dev/shm is mounted twice in the captured mountinfo (ids 25, then 30).
    assertEquals(
        new Mount("0:27", Path.of("/dev/shm"), "tmpfs", "tmpfs"),
        devices(VDA).mountContaining(Path.of("/dev/shm/x")));
  }

  @Test
  void goesFromAPartitionToItsNvmeDisk() throws IOException {
    BlockDevices ebs = devices(NVME_EBS);
    Mount state = ebs.mountContaining(Path.of("/var/lib/kafka-streams/app-1/0_1"));
    assertEquals(
        new Mount("259:5", Path.of("/var/lib/kafka-streams"), "ext4", "/dev/nvme1n1p1"), state);
    assertEquals(
        Optional.of(
            new BlockDevice(
                "nvme1n1",
                "259:4",
                "Amazon Elastic Block Store",
                "vol0123456789abcdef0",
                209715200L * 512,
                false)),
        ebs.diskOf(state));
  }

  @Test
  void theLongestMountPointWinsByWholeNames() throws IOException {
    BlockDevices ebs = devices(NVME_EBS);
    assertEquals(
        new Mount("0:330", Path.of("/var/lib/kafka-streams/scratch space"), "tmpfs", "tmpfs"),
        ebs.mountContaining(Path.of("/var/lib/kafka-streams/scratch space/tmp")));
    assertEquals(
        "/var/lib/kafka-streams",
        ebs.mountContaining(Path.of("/var/lib/kafka-streams")).mountPoint().toString());
    assertEquals(
        "/", ebs.mountContaining(Path.of("/var/lib/kafka-streams2/x")).mountPoint().toString());
  }

  @Test
  void filesystemsWithoutADiskOfTheirOwnHaveNone() throws IOException {
    BlockDevices ebs = devices(NVME_EBS);
    for (String path : new String[] {"/", "/tmp/x", "/var/lib/kafka-streams/scratch space"}) {
      Mount m = ebs.mountContaining(Path.of(path));
      assertEquals(Optional.empty(), ebs.diskOf(m), path + " on " + m);
    }
    Mount lvm = ebs.mountContaining(Path.of("/var/lib/kafka-lvm/app"));
    assertEquals("253:0", lvm.majorMinor());
    assertEquals(Optional.empty(), ebs.diskOf(lvm), "device-mapper");
  }

  @Test
  void theMountinfoOfThisProcessIsRead() throws IOException {
    Path real = Path.of("/tmp").toRealPath();
    assertTrue(real.startsWith(BlockDevices.system().mountContaining(real).mountPoint()));
  }

  @Test
  void findsTheDiskUnderThisMachinesTmp() throws IOException {
    BlockDevice disk = BlockDevices.system().under(Path.of("/tmp")).orElseThrow();
    assertFalse(disk.name().isEmpty());
    assertTrue(disk.sizeBytes() > 0, disk.toString());
    assertTrue(Files.isDirectory(BlockDevices.SYS.resolve("block").resolve(disk.name())));
  }

  @Test
  void pathsMustBeAbsolute() {
    assertThrows(
        IllegalArgumentException.class,
        () -> devices(VDA).mountContaining(Path.of("relative/state")));
  }

  @Test
  void aDiskWithABadSizeIsAnError(@TempDir Path sys) throws IOException {
    Path disk = sys.resolve("block/sdb");
    Files.createDirectories(disk.resolve("queue"));
    Files.writeString(disk.resolve("dev"), "8:16\n");
    Files.writeString(disk.resolve("size"), "12a4\n");
    Files.writeString(disk.resolve("queue/rotational"), "1\n");
    BlockDevices devices = new BlockDevices(VDA.resolve("proc"), sys);
    assertEquals(
        disk.resolve("size") + ": expected a whole number, got '12a4'",
        assertThrows(IOException.class, () -> devices.disk("sdb")).getMessage());
    Files.delete(disk.resolve("size"));
    assertEquals(
        disk.resolve("size") + " is missing; not a disk's sysfs directory?",
        assertThrows(IOException.class, () -> devices.disk("sdb")).getMessage());
  }
}
