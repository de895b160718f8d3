package io.kshealth.collectors.lag;

import io.kshealth.collectors.support.jmx.TargetState;
import java.util.Optional;
import java.util.Set;

/**
 * The watched instance as its JVM showed it over JMX this run.
 *
 * @param applicationId the {@code application.id} of its Streams client, when one is present
 * @param consumption what its client consumes now: {@link Consumption#NONE} when the JVM refused
 *     the connection or is gone, is a new process that has not answered yet (a restart: the first
 *     attach to a loaded JVM can outlast the timeout), or its Streams client is gone, not started
 *     yet, shutting down or failed; {@link Consumption#STARTING} while it rebalances or restores.
 *     The JVM that answered before, now not answering in time (paused), is not known to be stopped:
 *     STALL tells that from its offsets.
 * @param consumers the {@code client.id}s of its consumers, which the group's members carry
 * @param jvmStartMillis the JVM's start time, which tells a restarted instance from the one before;
 *     -1 when the JVM did not answer
 */
record InstanceView(
    TargetState state,
    Optional<String> applicationId,
    Consumption consumption,
    Set<String> consumers,
    long jvmStartMillis) {

  /**
   * @param replaced whether the process is another than the one that answered last
   */
  static InstanceView unread(TargetState state, boolean replaced) {
    return new InstanceView(
        state,
        Optional.empty(),
        state == TargetState.DOWN || replaced ? Consumption.NONE : Consumption.PROCESSING,
        Set.of(),
        -1);
  }

  /** Whether it certainly consumes nothing now. */
  boolean stopped() {
    return consumption == Consumption.NONE;
  }
}
