package io.kshealth.collectors.ebs;

import java.util.Optional;

/**
 * Values given in the configuration; each wins over what IMDS says, and when all three are given
 * IMDS is not asked at all (off EC2, or where IMDS is blocked).
 */
record Ec2Overrides(
    Optional<String> region, Optional<String> instanceId, Optional<String> instanceType) {

  public static Ec2Overrides none() {
    return new Ec2Overrides(Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** The identity these values make on their own, when none is missing. */
  Optional<Ec2Identity> complete() {
    if (region.isPresent() && instanceId.isPresent() && instanceType.isPresent()) {
      return Optional.of(new Ec2Identity(region.get(), instanceId.get(), instanceType.get()));
    }
    return Optional.empty();
  }
}
