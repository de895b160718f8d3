package io.kshealth.collectors.ebs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Tells from sysfs alone when the host is certainly not an EC2 instance, so that off EC2 the agent
 * does not load the AWS SDK just to hear nothing from IMDS (loading it costs about 12 MiB of
 * resident memory). Every EC2 instance says what it is: Nitro instances through DMI ({@code
 * sys_vendor} "Amazon EC2"), Xen instances through {@code /sys/hypervisor/uuid} starting with "ec2"
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/identify_ec2_instances.html). When neither
 * says "not EC2" plainly, IMDS decides.
 */
final class Ec2Platform {

  private Ec2Platform() {}

  /** Why this host is not EC2; empty when it is, or may be. */
  static Optional<String> notEc2(Path sys) {
    Optional<String> vendor = read(sys.resolve("devices/virtual/dmi/id/sys_vendor"));
    Optional<String> xen = read(sys.resolve("hypervisor/uuid"));
    if (vendor.filter(v -> v.equals("Amazon EC2")).isPresent()
        || xen.filter(u -> u.toLowerCase(Locale.ROOT).startsWith("ec2")).isPresent()) {
      return Optional.empty();
    }
    if (vendor.isPresent()) {
      return Optional.of("the machine's vendor is '" + vendor.get() + "', not Amazon EC2");
    }
    if (xen.isEmpty() && Files.isDirectory(sys.resolve("devices"))) {
      return Optional.of(
          "no DMI and no Xen hypervisor id in " + sys + ", which every EC2 instance has");
    }
    return Optional.empty();
  }

  private static Optional<String> read(Path file) {
    try {
      return Optional.of(Files.readString(file).strip()).filter(s -> !s.isEmpty());
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
