package io.kshealth.collectors.node;

import io.kshealth.api.CollectorFactory;
import io.kshealth.api.CollectorSettings;
import io.kshealth.api.ConfigSection;

/**
 * {@code type: node}: CPU time, load, pressure stalls, memory and file handles of the host the
 * agent runs on, from {@code /proc}. No options of its own.
 */
public final class NodeCollectorFactory implements CollectorFactory {

  @Override
  public String type() {
    return "node";
  }

  @Override
  public CollectorSettings parse(ConfigSection options) {
    // Nothing to read: the loader reports any key given here as unknown.
    return new NodeSettings(NodeSettings.PROC);
  }
}
