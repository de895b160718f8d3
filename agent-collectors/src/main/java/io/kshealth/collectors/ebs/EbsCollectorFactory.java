package io.kshealth.collectors.ebs;

import io.kshealth.api.CollectorFactory;
import io.kshealth.api.CollectorSettings;
import io.kshealth.api.ConfigSection;
import io.kshealth.collectors.support.disk.BlockDevices;
import io.kshealth.collectors.support.disk.DirectoryOption;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * {@code type: ebs}: the EBS volume under the Streams state dir: CloudWatch's burst balance and
 * checks, the instance's EBS balances, and a local forecast of the credits fed by the disk's I/O.
 * Off EC2 it says it does not apply, once, and stops.
 */
public final class EbsCollectorFactory implements CollectorFactory {

  static final Set<String> TYPES = Set.of("gp2", "gp3", "io1", "io2", "st1", "sc1", "standard");
  private static final Pattern VOLUME_ID = Pattern.compile("vol-[0-9a-f]{8,17}");

  @Override
  public String type() {
    return "ebs";
  }

  @Override
  public CollectorSettings parse(ConfigSection options) {
    Path path =
        DirectoryOption.required(options, "path", "the Streams state dir, whose volume is watched");
    Optional<String> volumeId = given(options, "volume-id");
    volumeId
        .filter(v -> !VOLUME_ID.matcher(v).matches())
        .ifPresent(v -> options.error("volume-id", "'" + v + "' is not an EBS volume id (vol-…)"));
    Optional<String> type =
        options.optionalString("volume-type").map(t -> t.toLowerCase(Locale.ROOT));
    type.filter(t -> !TYPES.contains(t))
        .ifPresent(
            t -> options.error("volume-type", "unknown volume type '" + t + "': one of " + TYPES));
    OptionalLong iops =
        options.has("provisioned-iops")
            ? OptionalLong.of(options.integer("provisioned-iops", 3000, 100, 256_000))
            : OptionalLong.empty();
    Ec2Overrides overrides =
        new Ec2Overrides(
            options.optionalString("region"),
            options.optionalString("instance-id"),
            options.optionalString("instance-type"));
    return new EbsSettings(
        path,
        volumeId,
        type,
        iops,
        overrides,
        uri(options, "imds-endpoint").or(EbsCollectorFactory::imdsEndpointFromEnvironment),
        options.duration("imds-timeout", ImdsLookup.DEFAULT_TIMEOUT),
        uri(options, "cloudwatch-endpoint"),
        options.duration("cloudwatch-interval", EbsSettings.DEFAULT_CLOUDWATCH_INTERVAL),
        BlockDevices.system(),
        BlockDevices.PROC,
        BlockDevices.SYS,
        // SplittableRandom is in java.base; RandomGenerator.getDefault() needs the jdk.random
        // module, which the image's jlink runtime leaves out.
        new SplittableRandom());
  }

  /**
   * An optional value; empty text counts as not given, so that {@code ${VAR:-}} in a shared config
   * leaves it to discovery.
   */
  private static Optional<String> given(ConfigSection options, String key) {
    return options.optionalString(key).filter(v -> !v.isBlank());
  }

  /**
   * The SDK's own setting for where IMDS is. Read here too, because an endpoint given at all means
   * "ask it", even where sysfs says the host is not EC2 (a test double, a proxy).
   */
  private static Optional<URI> imdsEndpointFromEnvironment() {
    return Optional.ofNullable(System.getenv("AWS_EC2_METADATA_SERVICE_ENDPOINT"))
        .filter(v -> !v.isBlank())
        .map(URI::create);
  }

  private static Optional<URI> uri(ConfigSection options, String key) {
    Optional<String> given = options.optionalString(key);
    if (given.isEmpty()) {
      return Optional.empty();
    }
    String text = given.get();
    try {
      URI uri = new URI(text);
      if (uri.getScheme() != null && uri.getHost() != null) {
        return Optional.of(uri);
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    options.error(key, "invalid value '" + text + "': expected a URL such as http://host:port");
    return Optional.empty();
  }
}
