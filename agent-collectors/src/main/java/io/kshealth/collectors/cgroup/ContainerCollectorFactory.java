package io.kshealth.collectors.cgroup;

import io.kshealth.api.CollectorFactory;
import io.kshealth.api.CollectorSettings;
import io.kshealth.api.ConfigSection;
import io.kshealth.collectors.support.cgroup.Cgroups;
import io.kshealth.collectors.support.proc.ProcessSelector;

/**
 * {@code type: container}: memory and CPU limits, usage, OOM kills and throttling of one process's
 * cgroups (cgroup v1, v2 or both). Options: {@code pid: self | <number>} or {@code match: <regex on
 * the command line>}; the default, the agent itself, suits an agent in the application's container.
 */
public final class ContainerCollectorFactory implements CollectorFactory {

  @Override
  public String type() {
    return "container";
  }

  @Override
  public CollectorSettings parse(ConfigSection options) {
    return new ContainerSettings(ProcessSelector.parse(options), Cgroups.PROC, Cgroups.ROOT);
  }
}
