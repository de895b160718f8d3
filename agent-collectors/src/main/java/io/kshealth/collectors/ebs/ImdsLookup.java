package io.kshealth.collectors.ebs;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.imds.Ec2MetadataClient;
import software.amazon.awssdk.imds.Ec2MetadataRetryPolicy;

/**
 * Asks the instance metadata service (IMDSv2: a token by PUT, then GETs carrying it) for the
 * region, instance id and instance type, through the SDK's {@link Ec2MetadataClient}.
 *
 * <p>Every exchange is bounded by the timeout and not retried: IMDS answers within milliseconds on
 * EC2, and off EC2 nothing answers at all, so a retry would only make "not on EC2" slower. The
 * caller asks once, when the collector starts, and keeps the outcome (see {@link Ec2Discovery}).
 */
final class ImdsLookup {

  /** IMDS answers in milliseconds; a second leaves room for a loaded host. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

  static final String REGION = "/latest/meta-data/placement/region";
  static final String INSTANCE_ID = "/latest/meta-data/instance-id";
  static final String INSTANCE_TYPE = "/latest/meta-data/instance-type";

  private final Optional<URI> endpoint;
  private final Duration timeout;

  /**
   * @param endpoint replaces the SDK's default endpoint ({@code http://169.254.169.254}, or what
   *     {@code AWS_EC2_METADATA_SERVICE_ENDPOINT} says)
   */
  public ImdsLookup(Optional<URI> endpoint, Duration timeout) {
    this.endpoint = endpoint;
    this.timeout = timeout;
  }

  /** The identity, each value from {@code overrides} where given and from IMDS otherwise. */
  public Ec2Discovery discover(Ec2Overrides overrides) {
    Optional<Ec2Identity> configured = overrides.complete();
    if (configured.isPresent()) {
      return new Ec2Discovery.Found(configured.get(), false);
    }
    try (SdkHttpClient http =
            UrlConnectionHttpClient.builder()
                .connectionTimeout(timeout)
                .socketTimeout(timeout)
                .build();
        Ec2MetadataClient imds =
            Ec2MetadataClient.builder()
                .httpClient(http)
                .retryPolicy(Ec2MetadataRetryPolicy.none())
                .applyMutation(b -> endpoint.ifPresent(b::endpoint))
                .build()) {
      String region = overrides.region().orElseGet(get(imds, REGION));
      String instanceId = overrides.instanceId().orElseGet(get(imds, INSTANCE_ID));
      String instanceType = overrides.instanceType().orElseGet(get(imds, INSTANCE_TYPE));
      return new Ec2Discovery.Found(new Ec2Identity(region, instanceId, instanceType), true);
    } catch (SdkClientException e) {
      String where = endpoint.map(URI::toString).orElse("the default IMDS endpoint");
      Optional<IOException> io = ioCause(e);
      if (io.isPresent()) {
        return new Ec2Discovery.NotOnEc2(
            "no answer from "
                + where
                + " within "
                + timeout.toMillis()
                + " ms ("
                + io.get()
                + "); in a container on EC2, the instance's metadata hop limit must be 2");
      }
      return new Ec2Discovery.Failed(where + " answered, but: " + e.getMessage());
    }
  }

  private static Supplier<String> get(Ec2MetadataClient imds, String path) {
    return () -> imds.get(path).asString().trim();
  }

  /** What failed below HTTP (refused, timed out), when it was not an HTTP status. */
  private static Optional<IOException> ioCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException io) {
        return Optional.of(io);
      }
    }
    return Optional.empty();
  }
}
