package io.kshealth.collectors.ebs;

/** Where the agent runs, as far as EBS and CloudWatch care. */
record Ec2Identity(String region, String instanceId, String instanceType) {}
