package io.kshealth.alerts.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/** The current thread's CPU time, which tells a rule's own cost from a starved agent's wait. */
final class ThreadCpu {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private ThreadCpu() {}

  /**
   * Nanoseconds of CPU the calling thread has used; where the JVM cannot tell, its wall time
   * instead, which blames every slow rule as before.
   */
  static long currentNanos() {
    long cpu = THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    return cpu >= 0 ? cpu : System.nanoTime();
  }
}
