package io.kshealth.collectors.ebs;

/** Where the agent runs, as far as EBS and CloudWatch care. */
public record Ec2Identity(String region, String instanceId, String instanceType) {}
