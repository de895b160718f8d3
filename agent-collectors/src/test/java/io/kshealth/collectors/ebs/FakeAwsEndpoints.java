package io.kshealth.collectors.ebs;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The test fakes of IMDSv2 and CloudWatch as a process of their own, for benchmarks: an agent with
 * the {@code ebs} collector runs against them as it would on EC2 (bench/ebs-footprint.sh). Prints
 * both endpoints, then publishes one falling BurstBalance point a minute until killed.
 */
public final class FakeAwsEndpoints {

  static final String VOLUME = "vol-0123456789abcdef0";

  private FakeAwsEndpoints() {}

  public static void main(String[] args) throws Exception {
    String region = "eu-west-1";
    try (ImdsFake imds =
            new ImdsFake(
                Map.of(
                    ImdsLookup.REGION, region,
                    ImdsLookup.INSTANCE_ID, "i-0123456789abcdef0",
                    ImdsLookup.INSTANCE_TYPE, "m5.large"));
        CloudWatchFake cloudWatch =
            new CloudWatchFake(
                region, AwsTestCredentials.ACCESS_KEY, AwsTestCredentials.SECRET_KEY)) {
      System.out.println("imds=" + imds.endpoint() + " cloudwatch=" + cloudWatch.endpoint());
      System.out.println("volume=" + VOLUME + " access-key=" + AwsTestCredentials.ACCESS_KEY);
      System.out.flush();
      for (double balance = 100; ; balance = Math.max(0, balance - 1)) {
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(3));
        cloudWatch.publish("BurstBalance", VOLUME, minute, balance);
        cloudWatch.publish("VolumeIOPSExceededCheck", VOLUME, minute, 0);
        Thread.sleep(Duration.ofMinutes(1).toMillis());
      }
    }
  }
}
