package io.kshealth.core.testing;

import io.kshealth.api.CollectorFactory;
import io.kshealth.api.CollectorSettings;
import io.kshealth.api.ConfigSection;

/**
 * A collector type offered the way a third-party jar offers one: listed in {@code
 * META-INF/services/io.kshealth.api.CollectorFactory} of the test class path.
 */
public final class PluginCollectorFactory implements CollectorFactory {

  @Override
  public String type() {
    return "plugin-example";
  }

  @Override
  public CollectorSettings parse(ConfigSection options) {
    return context -> new TestCollectors.Counting();
  }
}
