package io.kshealth.collectors.support.jmx;

import java.util.OptionalLong;

/**
 * The target JVM as its {@code java.lang:type=Runtime} MBean describes it, read at the start of
 * every run: the read proves the JVM answers, and a new start time tells of a restart.
 *
 * @param pid the JVM's own process id; in another PID namespace it names a different process here
 */
public record TargetJvm(OptionalLong pid, long startTimeMillis, long uptimeMillis) {}
