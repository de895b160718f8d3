package io.kshealth.collectors.ebs;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * What the poller asks CloudWatch about, and where.
 *
 * @param endpoint replaces the regional endpoint (a VPC endpoint, or a fake in tests)
 * @param volumeIds the volumes whose {@code AWS/EBS} metrics are read
 * @param instanceId the instance whose {@code AWS/EC2} EBS balances are read; empty skips them
 */
record CloudWatchTarget(
    String region, Optional<URI> endpoint, List<String> volumeIds, Optional<String> instanceId) {

  public CloudWatchTarget {
    volumeIds = List.copyOf(volumeIds);
    if (region.isBlank()) {
      throw new IllegalArgumentException("a CloudWatch region is needed");
    }
  }
}
