package io.kshealth.collectors.ebs;

import io.kshealth.api.Collector;
import io.kshealth.api.CollectorContext;
import io.kshealth.api.CollectorSettings;
import io.kshealth.collectors.support.disk.BlockDevices;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;

/**
 * The {@code ebs} collector's options.
 *
 * @param path the Streams state dir: the volume under it is the one watched
 * @param volumeId given in the config: wins over the one sysfs shows
 * @param volumeType gp2, gp3, io1, io2, st1, sc1 or standard; empty: inferred where it can be
 * @param provisionedIops for gp3, io1 and io2, which have no burst balance
 * @param devices where the disk under {@code path} is looked up ({@code /proc}, {@code /sys})
 * @param proc the {@code /proc} tree, for {@code diskstats}
 * @param sys the {@code /sys} tree, which tells an EC2 instance from other hosts
 */
record EbsSettings(
    Path path,
    Optional<String> volumeId,
    Optional<String> volumeType,
    OptionalLong provisionedIops,
    Ec2Overrides overrides,
    Optional<URI> imdsEndpoint,
    Duration imdsTimeout,
    Optional<URI> cloudWatchEndpoint,
    Duration cloudWatchInterval,
    BlockDevices devices,
    Path proc,
    Path sys,
    RandomGenerator jitter)
    implements CollectorSettings {

  static final Duration DEFAULT_CLOUDWATCH_INTERVAL = Duration.ofSeconds(60);

  @Override
  public Collector create(CollectorContext context) {
    return new EbsCollector(this, context.clock());
  }

  @Override
  public String toString() {
    return "EBS volume under "
        + path
        + volumeId.map(v -> " (" + v + ")").orElse("")
        + ", CloudWatch every "
        + cloudWatchInterval.toSeconds()
        + "s";
  }
}
