package io.kshealth.core.testing;

import io.kshealth.core.collect.CollectorFactory;
import io.kshealth.core.collect.CollectorSettings;
import io.kshealth.core.config.ConfigNode;

/**
 * A collector type offered the way a third-party jar offers one: listed in {@code
 * META-INF/services/io.kshealth.core.collect.CollectorFactory} of the test class path.
 */
public final class PluginCollectorFactory implements CollectorFactory {

  @Override
  public String type() {
    return "plugin-example";
  }

  @Override
  public CollectorSettings parse(ConfigNode options) {
    return context -> new TestCollectors.Counting();
  }
}
