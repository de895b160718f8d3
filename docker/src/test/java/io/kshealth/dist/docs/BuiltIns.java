package io.kshealth.dist.docs;

import io.kshealth.alerts.AlertingExtensionFactory;
import io.kshealth.alerts.notify.NotifierFactories;
import io.kshealth.api.CollectorFactory;
import io.kshealth.collectors.BuiltInCollectors;
import io.kshealth.core.collect.CollectorFactories;
import io.kshealth.core.extension.ExtensionFactory;
import java.util.List;

/** The agent's built-in collectors and extensions, as {@code Main} wires them with no plug-ins. */
final class BuiltIns {

  private BuiltIns() {}

  static CollectorFactories collectors() {
    return CollectorFactories.of(BuiltInCollectors.all().toArray(CollectorFactory[]::new));
  }

  static List<ExtensionFactory> extensions() {
    return List.of(new AlertingExtensionFactory(NotifierFactories.builtIn()));
  }
}
