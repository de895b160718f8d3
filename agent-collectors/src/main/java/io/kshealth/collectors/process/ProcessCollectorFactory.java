package io.kshealth.collectors.process;

import io.kshealth.api.CollectorFactory;
import io.kshealth.api.CollectorSettings;
import io.kshealth.api.ConfigSection;
import io.kshealth.collectors.support.proc.ProcessSelector;

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
  public CollectorSettings parse(ConfigSection options) {
    return new ProcessSettings(ProcessSelector.parse(options), ProcessSettings.PROC);
  }
}
