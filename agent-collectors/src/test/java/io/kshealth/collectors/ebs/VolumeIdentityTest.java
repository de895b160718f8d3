package io.kshealth.collectors.ebs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kshealth.collectors.ebs.VolumeIdentity.Kind;
import io.kshealth.collectors.support.disk.BlockDevice;
import io.kshealth.collectors.support.disk.BlockDevices;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The disk under a state dir, told apart from its sysfs identity alone. */
class VolumeIdentityTest {

  static final Path BLOCK_DEVICES = Path.of("src/test/resources/BlockDevicesTest");
  static final Path FIXTURES = Path.of("src/test/resources/VolumeIdentityTest");

  private static VolumeIdentity under(Path root, String path) throws Exception {
    BlockDevices devices = new BlockDevices(root.resolve("proc"), root.resolve("sys"));
    Path realPath = Path.of(path);
    BlockDevice disk = devices.diskOf(devices.mountContaining(realPath)).orElseThrow();
    return VolumeIdentity.of(disk);
  }

  @Test
  void anEbsNvmeVolumeHasItsIdInTheSerial() throws Exception {
    VolumeIdentity v = under(BLOCK_DEVICES.resolve("nvme-ebs"), "/var/lib/kafka-streams");
    assertEquals(Kind.EBS, v.kind());
    assertEquals(Optional.of("vol-0123456789abcdef0"), v.volumeId());
    assertEquals("EBS volume vol-0123456789abcdef0 (nvme1n1)", v.toString());
  }

  @Test
  void instanceStoreIsNotEbs() throws Exception {
    VolumeIdentity v = under(FIXTURES.resolve("nvme-instance-store"), "/var/lib/kafka-streams");
    assertEquals(Kind.INSTANCE_STORE, v.kind());
    assertEquals(Optional.empty(), v.volumeId());
  }

  @Test
  void aVirtioDiskIsNotKnownToBeEbs() throws Exception {
    VolumeIdentity v = under(BLOCK_DEVICES.resolve("vda"), "/tmp");
    assertEquals(Kind.OTHER, v.kind());
    assertEquals("vda, not known to be EBS", v.toString());
  }

  @Test
  void anEbsModelWithoutAVolumeSerialIsNotTakenForEbs() {
    BlockDevice odd =
        new BlockDevice("nvme2n1", "259:9", VolumeIdentity.EBS_MODEL, "", 1L << 30, false);
    assertEquals(Kind.OTHER, VolumeIdentity.of(odd).kind());
  }
}
