package io.kshealth.collectors.ebs;

import io.kshealth.collectors.support.disk.BlockDevice;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a disk is as far as EBS goes, told from the identity its NVMe controller reports in sysfs:
 * no EC2 API call and no permission needed. On Nitro instances an EBS volume's controller has the
 * model {@code Amazon Elastic Block Store} and the volume id without its dash as serial ({@code
 * vol0abc…} for {@code vol-0abc…}); instance store says {@code Amazon EC2 NVMe Instance Storage}.
 * Anything else (a Xen {@code xvd*} disk, virtio, a laptop) is not known to be EBS: give the volume
 * id in the config.
 *
 * @param volumeId the EBS volume id, for {@link Kind#EBS} only
 */
record VolumeIdentity(Kind kind, Optional<String> volumeId, BlockDevice disk) {

  /** The kinds of disk the agent tells apart. */
  public enum Kind {
    EBS,
    INSTANCE_STORE,
    OTHER
  }

  static final String EBS_MODEL = "Amazon Elastic Block Store";
  static final String INSTANCE_STORE_MODEL = "Amazon EC2 NVMe Instance Storage";
  private static final Pattern SERIAL = Pattern.compile("vol([0-9a-f]{8,17})");

  public static VolumeIdentity of(BlockDevice disk) {
    if (disk.model().equals(EBS_MODEL)) {
      Matcher m = SERIAL.matcher(disk.serial());
      if (m.matches()) {
        return new VolumeIdentity(Kind.EBS, Optional.of("vol-" + m.group(1)), disk);
      }
    }
    if (disk.model().equals(INSTANCE_STORE_MODEL)) {
      return new VolumeIdentity(Kind.INSTANCE_STORE, Optional.empty(), disk);
    }
    return new VolumeIdentity(Kind.OTHER, Optional.empty(), disk);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case EBS -> "EBS volume " + volumeId.orElseThrow() + " (" + disk.name() + ")";
      case INSTANCE_STORE -> "instance store " + disk.name() + ", which has no burst balance";
      case OTHER ->
          disk.name()
              + (disk.model().isEmpty() ? "" : " (" + disk.model() + ")")
              + ", not known to be EBS";
    };
  }
}
