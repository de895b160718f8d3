package io.kshealth.collectors.ebs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Off EC2 is told from sysfs, so the SDK is not loaded to ask IMDS for nothing. */
class Ec2PlatformTest {

  @TempDir Path sys;

  private void write(String file, String text) throws IOException {
    Files.createDirectories(sys.resolve(file).getParent());
    Files.writeString(sys.resolve(file), text + "\n");
  }

  @Test
  void aNitroInstanceSaysAmazonEc2() throws IOException {
    write("devices/virtual/dmi/id/sys_vendor", "Amazon EC2");
    assertEquals(Optional.empty(), Ec2Platform.notEc2(sys));
  }

  @Test
  void aXenInstanceHasAnEc2HypervisorId() throws IOException {
    write("devices/virtual/dmi/id/sys_vendor", "Xen");
    write("hypervisor/uuid", "ec2e1916-9099-7caf-fd21-012345abcdef");
    assertEquals(Optional.empty(), Ec2Platform.notEc2(sys));
  }

  @Test
  void anotherVendorIsNotEc2() throws IOException {
    write("devices/virtual/dmi/id/sys_vendor", "QEMU");
    assertEquals(
        Optional.of("the machine's vendor is 'QEMU', not Amazon EC2"), Ec2Platform.notEc2(sys));
  }

  /** This machine: a Firecracker VM without DMI. */
  @Test
  void noDmiAndNoXenIsNotEc2() throws IOException {
    Files.createDirectories(sys.resolve("devices/virtual/block"));
    assertEquals(true, Ec2Platform.notEc2(sys).isPresent());
  }

  @Test
  void anUnreadableSysfsLeavesItToImds() {
    assertEquals(Optional.empty(), Ec2Platform.notEc2(sys.resolve("not-mounted")));
  }
}
