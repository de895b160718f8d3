package io.kshealth.collectors;

import io.kshealth.collectors.process.ProcessCollectorFactory;
import io.kshealth.core.collect.CollectorFactory;
import java.util.List;

/** The collector types that ship with the agent, listed explicitly. */
public final class BuiltInCollectors {

  private BuiltInCollectors() {}

  public static List<CollectorFactory> all() {
    return List.of(new ProcessCollectorFactory());
  }
}
