package io.kshealth.collectors.support.jmx;

/** What the last attempt to reach the target JVM found. */
public enum TargetState {
  /** It answered within the timeout. */
  UP,
  /**
   * A call did not return within the timeout: a paused, swapping or GC-bound JVM. The kernel keeps
   * accepting connections for a stopped process, so only a client-side timeout tells.
   */
  UNRESPONSIVE,
  /** No JVM to talk to: the connection was refused or lost, or no process matches. */
  DOWN
}
