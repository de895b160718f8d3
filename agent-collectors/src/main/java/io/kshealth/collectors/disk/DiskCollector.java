package io.kshealth.collectors.disk;

import io.kshealth.api.Collector;
import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.Snapshot;
import io.kshealth.collectors.support.disk.BlockDevice;
import io.kshealth.collectors.support.disk.BlockDevices;
import io.kshealth.collectors.support.disk.DiskStats;
import io.kshealth.collectors.support.disk.ExistingPath;
import io.kshealth.collectors.support.disk.Mount;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Space and inodes of the filesystem under a path, and I/O of the disk under that filesystem.
 * Everything is resolved again on each run, so a remount or a replaced volume is followed. A
 * filesystem without a disk of its own still gets its filesystem metrics.
 */
final class DiskCollector implements Collector {

  private static final Logger LOG = LoggerFactory.getLogger(DiskCollector.class);

  static final Metric FS_SIZE =
      Metric.gauge("kshealth_filesystem_size_bytes", "Size of the filesystem.");
  static final Metric FS_FREE =
      Metric.gauge(
          "kshealth_filesystem_free_bytes",
          "Unallocated space, including space reserved for root.");
  static final Metric FS_AVAIL =
      Metric.gauge(
          "kshealth_filesystem_avail_bytes", "Space an unprivileged process can still allocate.");
  static final Metric FS_FILES =
      Metric.gauge("kshealth_filesystem_files", "Inodes on the filesystem.");
  static final Metric FS_FILES_FREE =
      Metric.gauge("kshealth_filesystem_files_free", "Free inodes on the filesystem.");

  static final Metric READS =
      Metric.counter("kshealth_disk_reads_completed_total", "Reads completed by the disk.");
  static final Metric READ_BYTES =
      Metric.counter("kshealth_disk_read_bytes_total", "Bytes read from the disk.");
  static final Metric READ_TIME =
      Metric.counter(
          "kshealth_disk_read_time_seconds_total", "Time spent by all reads, summed over reads.");
  static final Metric WRITES =
      Metric.counter("kshealth_disk_writes_completed_total", "Writes completed by the disk.");
  static final Metric WRITTEN_BYTES =
      Metric.counter("kshealth_disk_written_bytes_total", "Bytes written to the disk.");
  static final Metric WRITE_TIME =
      Metric.counter(
          "kshealth_disk_write_time_seconds_total",
          "Time spent by all writes, summed over writes.");
  static final Metric IO_NOW = Metric.gauge("kshealth_disk_io_now", "I/Os in flight on the disk.");
  static final Metric IO_TIME =
      Metric.counter(
          "kshealth_disk_io_time_seconds_total", "Time during which the disk had I/O in flight.");
  static final Metric IO_TIME_WEIGHTED =
      Metric.counter(
          "kshealth_disk_io_time_weighted_seconds_total",
          "Time doing I/O weighted by the number of I/Os in flight.");
  static final Metric DISK_SIZE = Metric.gauge("kshealth_disk_size_bytes", "Capacity of the disk.");
  static final Metric DISK_INFO =
      Metric.gauge("kshealth_disk_info", "The disk's model, serial and kind; the value is 1.");

  private static final double MILLIS_PER_SECOND = 1000;

  private final Path path;
  private final BlockDevices devices;
  private final Path diskstats;
  private final LiveFilesystem filesystem;
  private volatile @Nullable String target;

  /**
   * The mount last reported as having no disk, so that it is logged once, not every run; null while
   * the filesystem has a disk.
   */
  private @Nullable Mount loggedWithoutDisk;

  private boolean inodeFailureLogged;

  DiskCollector(Path path, BlockDevices devices, Path diskstats, LiveFilesystem filesystem) {
    this.path = path;
    this.devices = devices;
    this.diskstats = diskstats;
    this.filesystem = filesystem;
  }

  @Override
  public void collect(Snapshot.Builder out) throws IOException, InterruptedException {
    ExistingPath located = ExistingPath.nearest(path, filesystem::realPath);
    Path real = located.realPath();
    Mount mount = devices.mountContaining(real);
    FilesystemUsage usage = filesystem.usage(real);
    Optional<Inodes> inodes = inodes(real);
    Optional<BlockDevice> disk = devices.diskOf(mount);

    Labels fs =
        Labels.of(
            "mountpoint", mount.mountPoint().toString(),
            "device", mount.source(),
            "fstype", mount.fsType());
    out.add(FS_SIZE, fs, usage.sizeBytes());
    out.add(FS_FREE, fs, usage.freeBytes());
    out.add(FS_AVAIL, fs, usage.availBytes());
    inodes.ifPresent(
        i -> {
          out.add(FS_FILES, fs, i.files());
          out.add(FS_FILES_FREE, fs, i.free());
        });
    if (disk.isPresent()) {
      addDisk(out, disk.get(), DiskStats.read(diskstats, disk.get().majorMinor()));
    }
    noteDisk(mount, disk);
    target =
        path
            + (located.exists() ? "" : " (not created yet: its parent " + real + ")")
            + " on "
            + mount.source()
            + " ("
            + mount.fsType()
            + ")"
            + disk.map(d -> ", disk " + d.name()).orElse(", no block device");
  }

  private static void addDisk(Snapshot.Builder out, BlockDevice disk, DiskStats s) {
    Labels device = Labels.of("device", disk.name());
    out.add(READS, device, s.readsCompleted());
    out.add(READ_BYTES, device, (double) s.sectorsRead() * DiskStats.SECTOR_BYTES);
    out.add(READ_TIME, device, s.readMillis() / MILLIS_PER_SECOND);
    out.add(WRITES, device, s.writesCompleted());
    out.add(WRITTEN_BYTES, device, (double) s.sectorsWritten() * DiskStats.SECTOR_BYTES);
    out.add(WRITE_TIME, device, s.writeMillis() / MILLIS_PER_SECOND);
    out.add(IO_NOW, device, s.ioInProgress());
    out.add(IO_TIME, device, s.ioMillis() / MILLIS_PER_SECOND);
    out.add(IO_TIME_WEIGHTED, device, s.weightedIoMillis() / MILLIS_PER_SECOND);
    out.add(DISK_SIZE, device, disk.sizeBytes());
    out.add(
        DISK_INFO,
        Labels.of(
            "device", disk.name(),
            "model", disk.model(),
            "serial", disk.serial(),
            "rotational", Boolean.toString(disk.rotational())),
        1);
  }

  /** Inode counts are a bonus: without them, space and I/O are still worth reporting. */
  private Optional<Inodes> inodes(Path real) throws InterruptedException {
    try {
      Optional<Inodes> inodes = Optional.of(filesystem.inodes(real));
      inodeFailureLogged = false;
      return inodes;
    } catch (IOException e) {
      if (!inodeFailureLogged) {
        LOG.warn("No inode counts for {}, reporting space only: {}", path, e.getMessage());
        inodeFailureLogged = true;
      }
      return Optional.empty();
    }
  }

  private void noteDisk(Mount mount, Optional<BlockDevice> disk) {
    if (disk.isPresent()) {
      loggedWithoutDisk = null;
    } else if (!mount.equals(loggedWithoutDisk)) {
      LOG.info(
          "No disk metrics for {}: its filesystem {} ({}, device {}) is not on a plain block"
              + " device; filesystem metrics only",
          path,
          mount.source(),
          mount.fsType(),
          mount.majorMinor());
      loggedWithoutDisk = mount;
    }
  }

  @Override
  public Optional<String> target() {
    return Optional.ofNullable(target);
  }
}
