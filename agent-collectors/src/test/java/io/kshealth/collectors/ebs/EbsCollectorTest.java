package io.kshealth.collectors.ebs;

import static io.kshealth.collectors.support.jmx.SampleValues.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.api.Labels;
import io.kshealth.api.Sample;
import io.kshealth.api.Snapshot;
import io.kshealth.collectors.support.disk.BlockDevices;
import io.kshealth.core.testing.MutableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The EBS collector end to end against the fakes: IMDS, CloudWatch and the NVMe EBS sysfs fixture,
 * with the state dir mounted on the EBS volume.
 */
@ExtendWith(AwsTestCredentials.class)
class EbsCollectorTest {

  static final Path NVME_EBS = Path.of("src/test/resources/BlockDevicesTest/nvme-ebs");
  static final String VOLUME = "vol-0123456789abcdef0";
  static final String INSTANCE = "i-0123456789abcdef0";
  static final Labels LABELS = Labels.of("volume_id", VOLUME);
  static final Instant NOW = Instant.parse("2026-03-01T10:00:30Z");

  @TempDir Path root;
  private Path stateDir;
  private final MutableClock clock = new MutableClock(NOW);
  private CloudWatchFake cloudWatch;
  private ImdsFake imds;
  private EbsCollector collector;

  /** The fixture, with its EBS mount moved onto a directory that exists here: the state dir. */
  @BeforeEach
  void start() throws IOException {
    stateDir = Files.createDirectories(root.resolve("state"));
    copy(NVME_EBS, root.resolve("host"));
    Path mountinfo = root.resolve("host/proc/self/mountinfo");
    Files.writeString(
        mountinfo,
        Files.readString(mountinfo).replace(" /var/lib/kafka-streams ", " " + stateDir + " "));
    cloudWatch =
        new CloudWatchFake(
            "eu-west-1", AwsTestCredentials.ACCESS_KEY, AwsTestCredentials.SECRET_KEY);
    imds =
        new ImdsFake(
            Map.of(
                ImdsLookup.REGION, "eu-west-1",
                ImdsLookup.INSTANCE_ID, INSTANCE,
                ImdsLookup.INSTANCE_TYPE, "m5.large"));
  }

  @AfterEach
  void stop() {
    if (collector != null) {
      collector.close();
    }
    cloudWatch.close();
    imds.close();
  }

  private EbsCollector collector(Optional<String> type, URI imdsEndpoint) {
    return collector(type, OptionalLong.empty(), imdsEndpoint);
  }

  private EbsCollector collector(Optional<String> type, OptionalLong iops, URI imdsEndpoint) {
    Path host = root.resolve("host");
    EbsSettings settings =
        new EbsSettings(
            stateDir,
            Optional.empty(),
            type,
            iops,
            Ec2Overrides.none(),
            Optional.of(imdsEndpoint),
            Duration.ofMillis(300),
            Optional.of(cloudWatch.endpoint()),
            Duration.ofSeconds(60),
            new BlockDevices(host.resolve("proc"), host.resolve("sys")),
            host.resolve("proc"),
            host.resolve("sys"),
            new SplittableRandom(7));
    collector = new EbsCollector(settings, clock);
    return collector;
  }

  private List<Sample> run() throws IOException {
    Snapshot.Builder out = new Snapshot.Builder("ebs", clock.millis());
    collector.collect(out);
    return out.build().samples();
  }

  @Test
  void reportsCloudWatchAndTheForecastForTheVolumeUnderTheStateDir() throws Exception {
    cloudWatch.publish("BurstBalance", VOLUME, Instant.parse("2026-03-01T09:57:00Z"), 80);
    cloudWatch.publish("VolumeIOPSExceededCheck", VOLUME, Instant.parse("2026-03-01T09:57:00Z"), 0);
    cloudWatch.publish("EBSIOBalance%", INSTANCE, Instant.parse("2026-03-01T09:55:00Z"), 99);
    collector(Optional.empty(), imds.endpoint());

    List<Sample> first = run();
    Map<String, Double> volume = values(first, LABELS);
    assertEquals(0.8, volume.get("kshealth_ebs_burst_balance_ratio"), 1e-9);
    assertEquals(0.0, volume.get("kshealth_ebs_iops_exceeded"));
    assertFalse(volume.containsKey("kshealth_ebs_stalled_io"), "no point is no value, not 0");
    assertEquals(
        0.99,
        values(first, Labels.of("instance_id", INSTANCE))
            .get("kshealth_ebs_instance_io_balance_ratio"),
        1e-9);
    assertEquals(1.0, values(first, Labels.EMPTY).get("kshealth_ebs_applicable"));
    assertEquals(
        7.0, values(first, Labels.EMPTY).get("kshealth_ebs_cloudwatch_metrics_requested_total"));
    // A burst balance on an SSD: gp2.
    assertEquals(
        1.0,
        values(first, LABELS.and("device", "nvme1n1").and("volume_type", "gp2"))
            .get("kshealth_ebs_volume_info"));
    assertEquals(0.8, volume.get("kshealth_ebs_burst_balance_estimate_ratio"), 1e-9);

    // 15,000 more 16 KiB writes in 5 s: 3,000 IOPS on a volume of baseline 100.
    addWrites(15_000, 16 * 1024);
    clock.advance(Duration.ofSeconds(5));
    Map<String, Double> draining = values(run(), LABELS);
    assertEquals(3000.0, draining.get("kshealth_ebs_io_units_per_second"), 1e-6);
    assertTrue(draining.get("kshealth_ebs_burst_balance_estimate_ratio") < 0.8);
    assertTrue(draining.containsKey("kshealth_ebs_burst_exhaustion_seconds"));
    assertEquals(1, cloudWatch.calls().size(), "CloudWatch once a minute, not every run");
    assertEquals(List.of(), cloudWatch.violations());
  }

  /** Throttled: the last values stay, marked stale, and the forecast goes on from the disk. */
  @Test
  void throttledItKeepsTheLastValuesMarkedStale() throws Exception {
    cloudWatch.publish("BurstBalance", VOLUME, Instant.parse("2026-03-01T09:57:00Z"), 80);
    collector(Optional.of("gp2"), imds.endpoint());
    assertEquals(0.0, values(run(), Labels.EMPTY).get("kshealth_ebs_cloudwatch_stale"));

    cloudWatch.then(CloudWatchFake.THROTTLED);
    clock.advance(Duration.ofSeconds(60));
    List<Sample> throttled = run();
    assertEquals(1.0, values(throttled, Labels.EMPTY).get("kshealth_ebs_cloudwatch_stale"));
    Map<String, Double> volume = values(throttled, LABELS);
    assertEquals(0.8, volume.get("kshealth_ebs_burst_balance_ratio"), 1e-9, "kept, not 0");
    assertTrue(volume.containsKey("kshealth_ebs_burst_balance_estimate_ratio"));
    assertTrue(collector.target().orElseThrow().contains("CloudWatch stale"));
    assertEquals(List.of(), cloudWatch.violations());
  }

  /** A first call that failed leaves the type unknown; the forecast starts once it is known. */
  @Test
  void theForecastStartsWhenTheTypeBecomesKnown() throws Exception {
    cloudWatch.publish("BurstBalance", VOLUME, Instant.parse("2026-03-01T09:57:00Z"), 80);
    cloudWatch.then(CloudWatchFake.THROTTLED);
    collector(Optional.empty(), imds.endpoint());
    assertFalse(values(run(), LABELS).containsKey("kshealth_ebs_burst_balance_estimate_ratio"));

    clock.advance(Duration.ofMinutes(3));
    List<Sample> later = run();
    assertEquals(
        1.0,
        values(later, LABELS.and("device", "nvme1n1").and("volume_type", "gp2"))
            .get("kshealth_ebs_volume_info"));
    assertEquals(0.8, values(later, LABELS).get("kshealth_ebs_burst_balance_estimate_ratio"), 1e-9);
  }

  @Test
  void withoutABurstBalanceTheTypeIsUnknownAndNothingIsForecast() throws Exception {
    collector(Optional.empty(), imds.endpoint());
    List<Sample> samples = run();
    Map<String, Double> volume = values(samples, LABELS);
    assertFalse(volume.containsKey("kshealth_ebs_burst_balance_ratio"));
    assertFalse(volume.containsKey("kshealth_ebs_burst_balance_estimate_ratio"));
    assertEquals(
        1.0,
        values(samples, LABELS.and("device", "nvme1n1").and("volume_type", "unknown"))
            .get("kshealth_ebs_volume_info"));
  }

  /** gp3 has no burst balance: the I/O it does against what it was provisioned with. */
  @Test
  void aProvisionedVolumeIsComparedWithItsIops() throws Exception {
    collector(Optional.of("gp3"), OptionalLong.of(6000), imds.endpoint());
    run();
    addWrites(15_000, 16 * 1024);
    clock.advance(Duration.ofSeconds(5));
    Map<String, Double> volume = values(run(), LABELS);
    assertEquals(3000.0, volume.get("kshealth_ebs_io_units_per_second"), 1e-6);
    assertEquals(6000.0, volume.get("kshealth_ebs_provisioned_iops"));
    assertEquals(0.5, volume.get("kshealth_ebs_provisioned_iops_ratio"), 1e-9);
    assertFalse(volume.containsKey("kshealth_ebs_burst_balance_estimate_ratio"));
  }

  /** No IMDS: one short wait, one line, then nothing more is tried. */
  @Test
  void offEc2ItSaysItDoesNotApplyAndStopsTrying() throws Exception {
    List<Socket> held = new CopyOnWriteArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread accepting =
          new Thread(
              () -> {
                while (!silent.isClosed()) {
                  try {
                    // Held open, never answered: as a host without IMDS drops the packets.
                    held.add(silent.accept());
                  } catch (IOException closed) {
                    return;
                  }
                }
              });
      accepting.setDaemon(true);
      accepting.start();
      collector(Optional.of("gp2"), URI.create("http://127.0.0.1:" + silent.getLocalPort()));
      for (int i = 0; i < 3; i++) {
        assertEquals(0.0, values(run(), Labels.EMPTY).get("kshealth_ebs_applicable"));
        clock.advance(Duration.ofSeconds(5));
      }
      assertTrue(collector.target().orElseThrow().startsWith("not applicable: not on EC2"));
      assertTrue(held.size() <= 2, "asked once (the SDK may open one more socket)");
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
    assertEquals(List.of(), cloudWatch.calls());
  }

  /** Adds writes to the EBS disk's line of the fixture's diskstats, as the kernel would. */
  private void addWrites(long writes, long bytesEach) throws IOException {
    Path diskstats = root.resolve("host/proc/diskstats");
    StringBuilder out = new StringBuilder();
    for (String line : Files.readAllLines(diskstats)) {
      String[] f = line.trim().split("\\s+");
      if (f[2].equals("nvme1n1")) {
        f[7] = Long.toString(Long.parseLong(f[7]) + writes);
        f[9] = Long.toString(Long.parseLong(f[9]) + writes * bytesEach / 512);
      }
      out.append(String.join(" ", f)).append('\n');
    }
    Files.writeString(diskstats, out);
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isSymbolicLink(p)) {
          Files.createSymbolicLink(target, Files.readSymbolicLink(p));
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
