package io.kshealth.collectors.support.jmx;

import java.util.OptionalLong;

/**
 * The target JVM as its {@code java.lang:type=Runtime} MBean describes it, read when a connection
 * opens (a restarted JVM is a new process, so a new connection) and its uptime advanced since: a
 * new start time tells of a restart.
 *
 * @param pid the JVM's own process id; in another PID namespace it names a different process here
 */
public record TargetJvm(OptionalLong pid, long startTimeMillis, long uptimeMillis) {}
