package io.kshealth.collectors.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.kshealth.api.Collector;
import io.kshealth.api.CollectorContext;
import io.kshealth.api.Labels;
import io.kshealth.api.Sample;
import io.kshealth.api.Snapshot;
import io.kshealth.collectors.support.disk.BlockDevices;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The collector end to end on the fixture roots of {@code BlockDevicesTest} (with a fake for the
 * live filesystem, whose space the test cannot choose), and once on this machine's {@code /tmp}.
 */
class DiskCollectorTest {

  /** BlockDevicesTest's roots: a virtio disk, and an EBS volume among tmpfs and LVM mounts. */
  private static final Path VDA = Path.of("src/test/resources/BlockDevicesTest/vda");

  private static final Path NVME_EBS = Path.of("src/test/resources/BlockDevicesTest/nvme-ebs");

  private final FakeFilesystem fs = new FakeFilesystem();
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(DiskCollector.class);

  @BeforeEach
  void captureLog() {
    log.start();
    logger.addAppender(log);
  }

  @AfterEach
  void releaseLog() {
    logger.detachAppender(log);
  }

  private static BlockDevices devices(Path root) {
    return new BlockDevices(root.resolve("proc"), root.resolve("sys"));
  }

  private DiskCollector collector(Path root, String path) {
    return new DiskCollector(Path.of(path), devices(root), root.resolve("proc/diskstats"), fs);
  }

  @Test
  void reportsTheFilesystemAndVirtioDiskUnderTmp() throws Exception {
    DiskCollector c = collector(VDA, "/tmp");
    Map<String, Double> expected = new TreeMap<>();
    expected.putAll(filesystem("/", "/dev/vda", "ext4", true));
    // 254 0 vda 157609 31517 8994002 153439 200295 35203 11840880 63277 0 56508 224966 ...
    expected.putAll(
        disk("vda", 157609, 8994002, 153439, 200295, 11840880, 63277, 0, 56508, 224966));
    expected.put("kshealth_disk_size_bytes{device=\"vda\"}", 536870912.0 * 512);
    expected.put(info("vda", "", "overlayblk", "true"), 1.0);

    assertEquals(expected, collect(c));
    assertEquals("/tmp on /dev/vda (ext4), disk vda", c.target().orElseThrow());
  }

  @Test
  void reportsTheEbsVolumeNotItsPartition() throws Exception {
    DiskCollector c = collector(NVME_EBS, "/var/lib/kafka-streams/app-1");
    Map<String, Double> expected = new TreeMap<>();
    expected.putAll(filesystem("/var/lib/kafka-streams", "/dev/nvme1n1p1", "ext4", true));
    // 259 4 nvme1n1 48213 112 9123456 30512 912345 4521 73456789 1234567 3 456789 1265079 ...
    expected.putAll(
        disk("nvme1n1", 48213, 9123456, 30512, 912345, 73456789, 1234567, 3, 456789, 1265079));
    expected.put("kshealth_disk_size_bytes{device=\"nvme1n1\"}", 209715200.0 * 512);
    expected.put(
        info("nvme1n1", "Amazon Elastic Block Store", "vol0123456789abcdef0", "false"), 1.0);

    assertEquals(expected, collect(c));
    assertEquals(
        "/var/lib/kafka-streams/app-1 on /dev/nvme1n1p1 (ext4), disk nvme1n1",
        c.target().orElseThrow());
  }

  @Test
  void aTmpfsHasFilesystemMetricsOnlyAndSaysSoOnce() throws Exception {
    DiskCollector c = collector(NVME_EBS, "/tmp/state");
    Map<String, Double> expected = new TreeMap<>(filesystem("/tmp", "tmpfs", "tmpfs", true));

    assertEquals(expected, collect(c));
    assertEquals(expected, collect(c));
    assertEquals("/tmp/state on tmpfs (tmpfs), no block device", c.target().orElseThrow());
    assertEquals(
        List.of(
            "No disk metrics for /tmp/state: its filesystem tmpfs (tmpfs, device 0:331) is not on"
                + " a plain block device; filesystem metrics only"),
        messages());
  }

  @Test
  void withoutInodeCountsTheRestIsStillReportedAndTheErrorLoggedOnce() throws Exception {
    DiskCollector c = collector(VDA, "/tmp");
    fs.inodeFailure = new IOException("stat failed (exit 1): stat: cannot read file system");
    Map<String, Double> first = collect(c);
    collect(c);

    assertEquals(3 + 9 + 2, first.size(), "space, I/O, disk size and info: " + first);
    assertTrue(first.keySet().stream().noneMatch(k -> k.startsWith("kshealth_filesystem_files")));
    assertTrue(first.containsKey("kshealth_disk_reads_completed_total{device=\"vda\"}"));
    String warning =
        "No inode counts for /tmp, reporting space only: stat failed (exit 1): stat: cannot read"
            + " file system";
    assertEquals(List.of(warning), messages());

    fs.inodeFailure = null;
    assertEquals(first.size() + 2, collect(c).size());
    fs.inodeFailure = new IOException("stat failed (exit 1): stat: cannot read file system");
    collect(c);
    assertEquals(List.of(warning, warning), messages(), "logged again after a recovery");
  }

  @Test
  void aPathNotCreatedYetIsMeasuredOnItsNearestExistingParent() throws Exception {
    DiskCollector c = collector(VDA, "/tmp/kafka-streams");
    fs.missing = Path.of("/tmp/kafka-streams");
    Map<String, Double> samples = collect(c);
    assertEquals(
        filesystem("/", "/dev/vda", "ext4", true).entrySet().stream()
            .filter(e -> e.getKey().startsWith("kshealth_filesystem_avail_bytes"))
            .findFirst()
            .orElseThrow(),
        samples.entrySet().stream()
            .filter(e -> e.getKey().startsWith("kshealth_filesystem_avail_bytes"))
            .findFirst()
            .orElseThrow());
    assertTrue(
        c.target().orElseThrow().contains("not created yet: its parent /tmp"), c.target().get());
  }

  @Test
  void aMalformedDiskstatsFailsTheRun() {
    DiskCollector c =
        new DiskCollector(
            Path.of("/tmp"),
            devices(VDA),
            Path.of("src/test/resources/DiskStatsTest/not-a-number"),
            fs);
    IOException e = assertThrows(IOException.class, () -> collect(c));
    assertEquals(
        "src/test/resources/DiskStatsTest/not-a-number line 9: field 4 is not a count: '15x609'",
        e.getMessage());
  }

  @Test
  void readsThisMachinesTmp() throws Exception {
    Collector c =
        new DiskSettings(Path.of("/tmp"), BlockDevices.PROC, BlockDevices.SYS)
            .create(new CollectorContext("disk", Clock.systemUTC()));
    Snapshot.Builder out = new Snapshot.Builder("disk", 0);
    c.collect(out);
    Map<String, Double> byName = new TreeMap<>();
    for (Sample s : out.build().samples()) {
      byName.put(s.metric().name(), s.value());
    }

    double size = byName.get("kshealth_filesystem_size_bytes");
    assertTrue(size > 0, byName.toString());
    assertTrue(byName.get("kshealth_filesystem_avail_bytes") <= size, byName.toString());
    assertTrue(byName.get("kshealth_filesystem_free_bytes") <= size, byName.toString());
    assertTrue(byName.get("kshealth_filesystem_files") > 0, byName.toString());
    assertTrue(
        byName.get("kshealth_filesystem_files_free") <= byName.get("kshealth_filesystem_files"));
    assertTrue(byName.get("kshealth_disk_reads_completed_total") > 0, byName.toString());
    assertTrue(byName.get("kshealth_disk_size_bytes") >= size, byName.toString());
    assertEquals(1.0, byName.get("kshealth_disk_info"));
    assertEquals(16, byName.size(), byName.toString());
    assertTrue(c.target().orElseThrow().startsWith("/tmp on "), c.target().orElseThrow());
  }

  private static Map<String, Double> collect(DiskCollector c) throws Exception {
    Snapshot.Builder out = new Snapshot.Builder("test", 0);
    c.collect(out);
    Map<String, Double> m = new TreeMap<>();
    for (Sample s : out.build().samples()) {
      m.put(s.metric().name() + s.labels(), s.value());
    }
    return m;
  }

  private List<String> messages() {
    return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  private static Map<String, Double> filesystem(
      String mountpoint, String device, String fstype, boolean inodes) {
    String l = Labels.of("mountpoint", mountpoint, "device", device, "fstype", fstype).toString();
    Map<String, Double> m = new TreeMap<>();
    m.put("kshealth_filesystem_size_bytes" + l, (double) FakeFilesystem.USAGE.sizeBytes());
    m.put("kshealth_filesystem_free_bytes" + l, (double) FakeFilesystem.USAGE.freeBytes());
    m.put("kshealth_filesystem_avail_bytes" + l, (double) FakeFilesystem.USAGE.availBytes());
    if (inodes) {
      m.put("kshealth_filesystem_files" + l, (double) FakeFilesystem.INODES.files());
      m.put("kshealth_filesystem_files_free" + l, (double) FakeFilesystem.INODES.free());
    }
    return m;
  }

  /** The expected samples of one disk, from its diskstats fields as written in the file. */
  private static Map<String, Double> disk(
      String name,
      long reads,
      long sectorsRead,
      long readMs,
      long writes,
      long sectorsWritten,
      long writeMs,
      long inFlight,
      long ioMs,
      long weightedMs) {
    String l = "{device=\"" + name + "\"}";
    Map<String, Double> m = new TreeMap<>();
    m.put("kshealth_disk_reads_completed_total" + l, (double) reads);
    m.put("kshealth_disk_read_bytes_total" + l, sectorsRead * 512.0);
    m.put("kshealth_disk_read_time_seconds_total" + l, readMs / 1000.0);
    m.put("kshealth_disk_writes_completed_total" + l, (double) writes);
    m.put("kshealth_disk_written_bytes_total" + l, sectorsWritten * 512.0);
    m.put("kshealth_disk_write_time_seconds_total" + l, writeMs / 1000.0);
    m.put("kshealth_disk_io_now" + l, (double) inFlight);
    m.put("kshealth_disk_io_time_seconds_total" + l, ioMs / 1000.0);
    m.put("kshealth_disk_io_time_weighted_seconds_total" + l, weightedMs / 1000.0);
    return m;
  }

  private static String info(String device, String model, String serial, String rotational) {
    return "kshealth_disk_info"
        + Labels.of("device", device, "model", model, "serial", serial, "rotational", rotational);
  }

  /** Fixed space and inode counts; the path is taken as already real. */
  private static final class FakeFilesystem implements LiveFilesystem {
    static final FilesystemUsage USAGE =
        new FilesystemUsage(107_317_563_392L, 98_765_432_832L, 93_296_128_000L);
    static final Inodes INODES = new Inodes(6_553_600, 6_551_234);

    IOException inodeFailure;

    /** A path that does not exist, nor anything under it. */
    Path missing;

    @Override
    public Path realPath(Path path) throws IOException {
      if (missing != null && path.startsWith(missing)) {
        throw new NoSuchFileException(path.toString());
      }
      return path;
    }

    @Override
    public FilesystemUsage usage(Path realPath) {
      return USAGE;
    }

    @Override
    public Inodes inodes(Path realPath) throws IOException {
      if (inodeFailure != null) {
        throw inodeFailure;
      }
      return INODES;
    }
  }
}
