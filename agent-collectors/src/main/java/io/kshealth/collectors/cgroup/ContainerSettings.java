package io.kshealth.collectors.cgroup;

import io.kshealth.api.Collector;
import io.kshealth.api.CollectorContext;
import io.kshealth.api.CollectorSettings;
import io.kshealth.collectors.support.proc.ProcessSelector;
import java.nio.file.Path;

/**
 * Whose cgroups to read, and where: the {@code /proc} tree and the file-system root, which tests
 * replace with a copied or built tree.
 */
record ContainerSettings(ProcessSelector selector, Path proc, Path root)
    implements CollectorSettings {

  @Override
  public Collector create(CollectorContext context) {
    return new ContainerCollector(this, context.name());
  }

  @Override
  public String toString() {
    return "cgroups of " + selector;
  }
}
