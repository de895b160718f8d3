package io.kshealth.collectors.ebs;

import io.kshealth.api.Collector;
import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.Snapshot;
import io.kshealth.collectors.support.disk.BlockDevice;
import io.kshealth.collectors.support.disk.DiskStats;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EBS volume under the Streams state dir. Where the agent runs is asked once (IMDS); off EC2
 * the collector says so and does nothing more. On EC2, every run feeds the local credit forecast
 * with the disk's counters, and every {@code cloudwatch-interval} one batched CloudWatch call
 * brings the published values, which also correct the forecast. A value CloudWatch does not have is
 * left out, never reported as 0.
 */
final class EbsCollector implements Collector {

  static final Metric APPLICABLE =
      Metric.gauge(
          "kshealth_ebs_applicable",
          "1 when the agent runs on EC2 with an EBS volume under the state dir, 0 when not.");
  static final Metric VOLUME_INFO =
      Metric.gauge(
          "kshealth_ebs_volume_info",
          "Always 1; the labels name the volume, its device and its type (unknown until said).");
  static final Metric SIZE =
      Metric.gauge("kshealth_ebs_volume_size_bytes", "Size of the volume, from sysfs.");
  static final Metric PROVISIONED =
      Metric.gauge(
          "kshealth_ebs_provisioned_iops", "The volume's provisioned IOPS, as configured.");
  static final Metric ESTIMATE =
      Metric.gauge(
          "kshealth_ebs_burst_balance_estimate_ratio",
          "The local forecast's burst balance now, 0 to 1, fed by the disk's I/O and corrected"
              + " by each CloudWatch point.");
  static final Metric EXHAUSTION =
      Metric.gauge(
          "kshealth_ebs_burst_exhaustion_seconds",
          "Seconds until the burst balance is spent at the current rate; absent when not"
              + " draining.");
  static final Metric UNITS_RATE =
      Metric.gauge(
          "kshealth_ebs_io_units_per_second",
          "EBS I/O units the volume did per second since the last run, counted as EBS counts"
              + " them (IOPS on SSD types; MiB/s on st1 and sc1).");
  static final Metric PROVISIONED_RATIO =
      Metric.gauge(
          "kshealth_ebs_provisioned_iops_ratio",
          "The volume's I/O units per second over its provisioned IOPS (gp3, io1, io2).");
  static final Metric BASELINE =
      Metric.gauge(
          "kshealth_ebs_baseline_units_per_second",
          "The volume's baseline: the rate it earns credits at, and is held to when out of them.");

  private static final Logger log = LoggerFactory.getLogger(EbsCollector.class);

  private final EbsSettings settings;
  private final Clock clock;
  private final CloudWatchValues cloudWatch = new CloudWatchValues();
  // Each null until the run that first needs it: discovery until the first run, the poller and
  // its reading until the first volume id is known, the rate until the disk is read, the
  // forecast while the type has no credit bucket.
  private @Nullable Ec2Discovery discovery;
  private @Nullable CloudWatchPoller poller;
  private @Nullable CloudWatchReading reading;
  private long nextPollMillis;
  private @Nullable ObservedRate rate;
  private String rateType = "";
  private @Nullable BurstForecast forecast;
  private volatile @Nullable String status;

  EbsCollector(EbsSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public void collect(Snapshot.Builder out) throws IOException {
    Ec2Discovery where = discovery;
    if (where == null) {
      where = discover();
      discovery = where;
      if (!(where instanceof Ec2Discovery.Found)) {
        log.info("The EBS collector does not apply here: {}", describe(where));
      }
    }
    if (!(where instanceof Ec2Discovery.Found found)) {
      notApplicable(out, describe(where));
      return;
    }
    Optional<BlockDevice> disk = settings.devices().underNearestExisting(settings.path());
    Optional<VolumeIdentity> identity = disk.map(VolumeIdentity::of);
    Optional<String> volumeId =
        settings.volumeId().or(() -> identity.flatMap(VolumeIdentity::volumeId));
    if (volumeId.isEmpty()) {
      notApplicable(
          out,
          settings.path()
              + " is on "
              + identity.map(VolumeIdentity::toString).orElse("no disk of its own")
              + "; give volume-id if it is EBS");
      return;
    }
    out.add(APPLICABLE, Labels.EMPTY, 1);
    Labels volume = Labels.of("volume_id", volumeId.get());
    long now = clock.millis();
    CloudWatchReading polled = reading;
    if (polled == null || now >= nextPollMillis) {
      CloudWatchPoller p = poller;
      if (p == null) {
        p =
            new CloudWatchPoller(
                target(found.identity(), volumeId.get()), clock, settings.jitter());
        poller = p;
      }
      polled = p.poll();
      reading = polled;
      nextPollMillis = now + settings.cloudWatchInterval().toMillis();
    }
    cloudWatch.report(out, polled, volumeId.get(), found.identity().instanceId(), now);
    CloudWatchReading r = polled;
    String type = settings.volumeType().orElseGet(() -> inferredType(r, disk, volumeId.get()));
    out.add(
        VOLUME_INFO,
        volume
            .and("device", disk.map(BlockDevice::name).orElse("unknown"))
            .and("volume_type", type),
        1);
    disk.ifPresent(d -> out.add(SIZE, volume, d.sizeBytes()));
    settings.provisionedIops().ifPresent(iops -> out.add(PROVISIONED, volume, iops));
    if (disk.isPresent()) {
      diskIo(out, polled, volume, disk.get(), type, volumeId.get(), now);
    }
    status =
        identity.map(VolumeIdentity::toString).orElse(volumeId.get())
            + ", "
            + type
            + (polled.stale() ? ", CloudWatch stale: " + polled.problem() : "");
  }

  /**
   * Where the agent runs: from the config when it says everything; else not EC2 when sysfs says so
   * plainly (an endpoint given for IMDS means "ask it" all the same); else from IMDS.
   */
  private Ec2Discovery discover() {
    if (settings.overrides().complete().isEmpty() && settings.imdsEndpoint().isEmpty()) {
      Optional<String> notEc2 = Ec2Platform.notEc2(settings.sys());
      if (notEc2.isPresent()) {
        return new Ec2Discovery.NotOnEc2(notEc2.get());
      }
    }
    return new ImdsLookup(settings.imdsEndpoint(), settings.imdsTimeout())
        .discover(settings.overrides());
  }

  private CloudWatchTarget target(Ec2Identity ec2, String volumeId) {
    return new CloudWatchTarget(
        ec2.region(),
        settings.cloudWatchEndpoint(),
        List.of(volumeId),
        Optional.of(ec2.instanceId()));
  }

  /**
   * gp2, st1 and sc1 publish a burst balance; of them only gp2 is an SSD. Anything else needs the
   * type in the config.
   */
  private static String inferredType(
      CloudWatchReading reading, Optional<BlockDevice> disk, String volumeId) {
    boolean hasBalance = reading.point(CloudWatchMetric.BURST_BALANCE, volumeId).isPresent();
    return hasBalance && disk.isPresent() && !disk.get().rotational() ? "gp2" : "unknown";
  }

  /**
   * Feeds the disk's counters to the observed rate (every type) and to the credit forecast (gp2,
   * st1, sc1), and reports both.
   */
  private void diskIo(
      Snapshot.Builder out,
      CloudWatchReading reading,
      Labels volume,
      BlockDevice disk,
      String type,
      String volumeId,
      long now)
      throws IOException {
    // Built again when the type becomes known (a first CloudWatch call that failed left it
    // unknown).
    ObservedRate observed = rate;
    if (observed == null || !type.equals(rateType)) {
      rateType = type;
      forecast = null;
      Optional<CreditBucket> bucket =
          EbsCollectorFactory.TYPES.contains(type)
              ? CreditBucket.of(type, disk.sizeBytes())
              : Optional.empty();
      long unit =
          type.equals("st1") || type.equals("sc1")
              ? IoUnits.HDD_UNIT_BYTES
              : IoUnits.SSD_UNIT_BYTES;
      IoUnits units = new IoUnits(unit, settings.devices().maxRequestKb(disk).orElse(unit / 1024));
      observed = new ObservedRate(units);
      rate = observed;
      if (bucket.isPresent()) {
        double initial =
            reading
                .point(CloudWatchMetric.BURST_BALANCE, volumeId)
                .map(CloudWatchPoint::value)
                .orElse(100.0);
        forecast = new BurstForecast(bucket.get(), units, initial);
      }
    }
    DiskStats s = DiskStats.read(settings.proc().resolve("diskstats"), disk.majorMinor());
    IoCounters counters =
        new IoCounters(
            s.readsCompleted(),
            s.sectorsRead() * DiskStats.SECTOR_BYTES,
            s.writesCompleted(),
            s.sectorsWritten() * DiskStats.SECTOR_BYTES);
    observed
        .next(now, counters)
        .ifPresent(
            r -> {
              out.add(UNITS_RATE, volume, r);
              settings
                  .provisionedIops()
                  .ifPresent(iops -> out.add(PROVISIONED_RATIO, volume, r / iops));
            });
    BurstForecast f = forecast;
    if (f == null) {
      return;
    }
    f.observe(now, counters);
    reading
        .point(CloudWatchMetric.BURST_BALANCE, volumeId)
        .ifPresent(p -> f.calibrate(p.timestamp(), Duration.ofMinutes(1), p.value()));
    out.add(ESTIMATE, volume, f.percent() / 100);
    out.add(BASELINE, volume, f.bucket().baselinePerSecond());
    f.secondsToExhaustion().ifPresent(left -> out.add(EXHAUSTION, volume, left));
  }

  private void notApplicable(Snapshot.Builder out, String why) {
    out.add(APPLICABLE, Labels.EMPTY, 0);
    status = "not applicable: " + why;
  }

  private static String describe(Ec2Discovery d) {
    if (d instanceof Ec2Discovery.NotOnEc2 n) {
      return "not on EC2 (" + n.detail() + ")";
    }
    if (d instanceof Ec2Discovery.Failed f) {
      return "instance metadata unusable (" + f.detail() + ")";
    }
    return ((Ec2Discovery.Found) d).identity().toString();
  }

  @Override
  public Optional<String> target() {
    return Optional.ofNullable(status);
  }

  @Override
  public void close() {
    if (poller != null) {
      poller.close();
    }
  }
}
