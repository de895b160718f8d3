package io.kshealth.collectors.ebs;

import java.net.URI;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where {@code GetMetricData} goes, decided as the SDK's generated client decided it for the agent:
 * the configured endpoint, else the SDK's documented environment variables for service endpoints,
 * else the region's public endpoint. Kept out of the SDK's endpoint machinery on purpose: its
 * provider loads the metadata of every AWS service to answer this one question.
 */
final class CloudWatchEndpoint {

  /** The SDK's variable for CloudWatch's endpoint (service id {@code CloudWatch}). */
  static final String SERVICE_VARIABLE = "AWS_ENDPOINT_URL_CLOUDWATCH";

  /** The SDK's variable for every service's endpoint, after the service's own. */
  static final String GLOBAL_VARIABLE = "AWS_ENDPOINT_URL";

  private CloudWatchEndpoint() {}

  /**
   * @param environment the process environment ({@code System::getenv}), or a test's
   */
  static URI of(CloudWatchTarget target, UnaryOperator<String> environment) {
    return target
        .endpoint()
        .or(() -> variable(environment, SERVICE_VARIABLE))
        .or(() -> variable(environment, GLOBAL_VARIABLE))
        .orElseGet(() -> regional(target.region()));
  }

  private static Optional<URI> variable(UnaryOperator<String> environment, String name) {
    return Optional.ofNullable(environment.apply(name))
        .map(String::strip)
        .filter(v -> !v.isEmpty())
        .map(URI::create);
  }

  /**
   * The public endpoint of the aws and aws-cn partitions. Other partitions (GovCloud is in aws; the
   * isolated ones are not) need the endpoint given.
   */
  static URI regional(String region) {
    String suffix = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
    return URI.create("https://monitoring." + region + "." + suffix);
  }
}
