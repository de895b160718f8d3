package io.kshealth.core.agent;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import java.lang.management.ManagementFactory;

/**
 * The agent's CPU time as Prometheus' standard {@code process_cpu_seconds_total}, in place of
 * Micrometer's {@code process_cpu_time_ns_total} (which {@code promtool check metrics} rejects for
 * its abbreviated unit). Also drops {@code system_cpu_count}, whose {@code _count} suffix promtool
 * reserves for summaries and histograms.
 */
final class ProcessCpuSeconds implements MeterBinder {

  static final MeterFilter DENY_NON_STANDARD =
      MeterFilter.deny(
          id -> id.getName().equals("process.cpu.time") || id.getName().equals("system.cpu.count"));

  @Override
  public void bindTo(MeterRegistry registry) {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      FunctionCounter.builder("process.cpu", os, o -> o.getProcessCpuTime() / 1e9)
          .baseUnit("seconds")
          .description("CPU time used by the agent's process")
          .register(registry);
    }
  }
}
