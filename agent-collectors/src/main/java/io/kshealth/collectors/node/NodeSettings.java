package io.kshealth.collectors.node;

import io.kshealth.api.Collector;
import io.kshealth.api.CollectorContext;
import io.kshealth.api.CollectorSettings;
import java.nio.file.Path;

/** Where the host's {@code /proc} is: the real one, or a copy of its files in tests. */
record NodeSettings(Path procRoot) implements CollectorSettings {

  static final Path PROC = Path.of("/proc");

  @Override
  public Collector create(CollectorContext context) {
    return new NodeCollector(procRoot);
  }

  @Override
  public String toString() {
    return "the host, from " + procRoot;
  }
}
