package io.kshealth.collectors.ebs;

/**
 * The outcome of finding out where the agent runs. None of them is worth asking again: an
 * instance's region, id and type do not change while the agent lives, and a host that did not
 * answer as IMDS within the timeout is not an EC2 instance (or cannot reach its metadata) and will
 * not become one.
 */
sealed interface Ec2Discovery {

  /**
   * @param fromImds false when the configuration gave every value and IMDS was not asked
   */
  record Found(Ec2Identity identity, boolean fromImds) implements Ec2Discovery {}

  /** Nothing answered as IMDS within the timeout: the EBS collector does not apply here. */
  record NotOnEc2(String detail) implements Ec2Discovery {}

  /** IMDS answered, but not with the values needed (disabled, or a path not found). */
  record Failed(String detail) implements Ec2Discovery {}
}
