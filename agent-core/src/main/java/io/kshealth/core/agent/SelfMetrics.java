package io.kshealth.core.agent;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The agent's own metrics registry, with the standard {@code jvm_*} and {@code process_*} meters
 * bound. Nothing in it depends on the config, so {@code kshealth run} makes it on a second thread
 * while the main one reads the config and type-checks the rules: a tenth of a second of start-up on
 * a quiet 2-core machine (docs/benchmarks.md, "Start-up on two cores").
 */
public final class SelfMetrics implements AutoCloseable {

  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gc;

  private SelfMetrics() {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(ProcessCpuSeconds.DENY_NON_STANDARD);
    new JvmMemoryMetrics().bindTo(registry);
    gc = new JvmGcMetrics();
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new ProcessCpuSeconds().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
  }

  public static SelfMetrics create() {
    return new SelfMetrics();
  }

  PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Unbinds what listens to the JVM (the GC notifications) and closes the registry. */
  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
