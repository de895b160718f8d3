package io.kshealth.collectors.process;

import io.kshealth.api.Collector;
import io.kshealth.api.CollectorContext;
import io.kshealth.api.CollectorSettings;
import io.kshealth.collectors.support.proc.ProcessSelector;
import java.nio.file.Path;

/** Which process to watch, and the {@code /proc} tree to find it in. */
record ProcessSettings(ProcessSelector selector, Path procRoot) implements CollectorSettings {

  static final Path PROC = Path.of("/proc");

  @Override
  public Collector create(CollectorContext context) {
    return new ProcessCollector(this, context.name());
  }

  @Override
  public String toString() {
    return selector.toString();
  }
}
