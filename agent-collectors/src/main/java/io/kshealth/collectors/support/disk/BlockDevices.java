package io.kshealth.collectors.support.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Finds the filesystem and the disk under a path, reading only {@code /proc/self/mountinfo} and
 * {@code /sys}; the roots of both can be moved elsewhere for tests.
 *
 * <pre>{@code
 * Optional<BlockDevice> disk = BlockDevices.system().under(Path.of("/var/lib/kafka-streams"));
 * }</pre>
 *
 * <p>The way down: the longest mount point that contains the path gives the filesystem's device
 * number; {@code /sys/dev/block/MAJ:MIN} links to the device's directory under {@code
 * /sys/devices}; a partition's directory (it has a {@code partition} file) sits inside its disk's.
 * Filesystems without a device of their own (tmpfs, overlay, NFS) have no {@code /sys/dev/block}
 * entry, and device-mapper volumes (LVM, dm-crypt) are left out on purpose: they have an entry but
 * no single disk behind them, and no model or serial of their own.
 */
public final class BlockDevices {

  public static final Path PROC = Path.of("/proc");
  public static final Path SYS = Path.of("/sys");

  private final Path proc;
  private final Path sys;

  /** Reads {@code <procRoot>/self/mountinfo} and {@code <sysRoot>/dev/block}, {@code /block}. */
  public BlockDevices(Path procRoot, Path sysRoot) {
    this.proc = procRoot;
    this.sys = sysRoot;
  }

  /** This machine's {@code /proc} and {@code /sys}. */
  public static BlockDevices system() {
    return new BlockDevices(PROC, SYS);
  }

  /**
   * The disk holding the filesystem that the path (which must exist) is on; empty when that
   * filesystem has no disk of its own.
   */
  public Optional<BlockDevice> under(Path path) throws IOException {
    return diskOf(mountContaining(path.toRealPath()));
  }

  /**
   * The disk under a path that may not exist yet (Kafka Streams creates its state dir when the app
   * first starts): that of the nearest existing parent, the filesystem the path will live on.
   */
  public Optional<BlockDevice> underNearestExisting(Path path) throws IOException {
    return diskOf(mountContaining(ExistingPath.nearest(path, p -> p.toRealPath()).realPath()));
  }

  /**
   * The largest request the kernel sends the disk ({@code queue/max_sectors_kb}), in KiB: larger
   * I/Os are split before {@code /proc/diskstats} counts them. Empty when sysfs does not say.
   */
  public OptionalLong maxRequestKb(BlockDevice disk) {
    return optional(sys.resolve("block").resolve(disk.name()).resolve("queue/max_sectors_kb"))
        .filter(text -> text.matches("[0-9]{1,9}"))
        .map(text -> OptionalLong.of(Long.parseLong(text)))
        .orElse(OptionalLong.empty());
  }

  /**
   * The mount a path is on: the longest mount point containing it, and of several mounts on that
   * point the last, which hides the others. The path must be absolute and already free of symlinks
   * ({@link Path#toRealPath}), since mount points are.
   */
  public Mount mountContaining(Path realPath) throws IOException {
    if (!realPath.isAbsolute()) {
      throw new IllegalArgumentException("not an absolute path: " + realPath);
    }
    Path file = proc.resolve("self/mountinfo");
    Mount best = null;
    for (Mount m : MountInfo.read(file)) {
      // Path.startsWith compares whole names: /data2 is not under /data.
      if (realPath.startsWith(m.mountPoint())
          && (best == null || m.mountPoint().getNameCount() >= best.mountPoint().getNameCount())) {
        best = m;
      }
    }
    if (best == null) {
      throw new IOException(file + " has no mount containing " + realPath);
    }
    return best;
  }

  /** The disk a mount's filesystem lives on, or empty when it has none (see the class comment). */
  public Optional<BlockDevice> diskOf(Mount mount) throws IOException {
    Path link = sys.resolve("dev/block").resolve(mount.majorMinor());
    if (!Files.exists(link)) {
      return Optional.empty();
    }
    Path dir = link.toRealPath();
    if (Files.isDirectory(dir.resolve("dm"))) {
      return Optional.empty();
    }
    // A partition's directory sits inside its disk's, so it has a parent.
    Path diskDir = Files.exists(dir.resolve("partition")) ? dir.getParent() : dir;
    if (diskDir == null || diskDir.getFileName() == null) {
      throw new IOException(link + " leads to " + dir + ", not a block device's directory");
    }
    return Optional.of(disk(diskDir.getFileName().toString()));
  }

  /** A disk by its kernel name, from {@code /sys/block/<name>}. */
  public BlockDevice disk(String name) throws IOException {
    Path dir = sys.resolve("block").resolve(name);
    String dev = required(dir.resolve("dev"));
    if (!MountInfo.MAJOR_MINOR.matcher(dev).matches()) {
      throw new IOException(dir.resolve("dev") + ": expected major:minor, got '" + dev + "'");
    }
    long sectors = count(dir.resolve("size"));
    long rotational = count(dir.resolve("queue/rotational"));
    if (rotational > 1) {
      throw new IOException(dir.resolve("queue/rotational") + ": expected 0 or 1: " + rotational);
    }
    String model = optional(dir.resolve("device/model")).orElse("");
    // NVMe and SCSI drivers put the serial next to the model; virtio on the disk itself.
    String serial =
        optional(dir.resolve("device/serial")).or(() -> optional(dir.resolve("serial"))).orElse("");
    return new BlockDevice(
        name,
        dev,
        model,
        serial,
        Math.multiplyExact(sectors, DiskStats.SECTOR_BYTES),
        rotational == 1);
  }

  private static String required(Path file) throws IOException {
    try {
      String text = Files.readString(file).strip();
      if (text.isEmpty()) {
        throw new IOException(file + " is empty");
      }
      return text;
    } catch (NoSuchFileException e) {
      throw new IOException(file + " is missing; not a disk's sysfs directory?", e);
    }
  }

  private static long count(Path file) throws IOException {
    String text = required(file);
    try {
      long n = Long.parseLong(text);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below, with the same message as a negative number
    }
    throw new IOException(file + ": expected a whole number, got '" + text + "'");
  }

  /** Attributes a driver may not have: absent or unreadable both mean "not known". */
  private static Optional<String> optional(Path file) {
    try {
      return Optional.of(Files.readString(file).strip());
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
