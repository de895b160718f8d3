package io.kshealth.collectors.process;

import io.kshealth.collectors.support.proc.ProcessSelector;
import io.kshealth.core.collect.CollectorFactory;
import io.kshealth.core.collect.CollectorSettings;
import io.kshealth.core.config.ConfigNode;

/**
 * {@code type: process}: CPU, memory, threads and file descriptors of one process from {@code
 * /proc}. Options: {@code pid: self | <number>} or {@code match: <regex on the command line>}.
 */
public final class ProcessCollectorFactory implements CollectorFactory {

  @Override
  public String type() {
    return "process";
  }

  @Override
  public CollectorSettings parse(ConfigNode options) {
    return new ProcessSettings(ProcessSelector.parse(options), ProcessSettings.PROC);
  }
}
