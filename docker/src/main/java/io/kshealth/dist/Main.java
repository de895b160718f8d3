package io.kshealth.dist;

import io.kshealth.alerts.AlertingExtension;
import io.kshealth.collectors.BuiltInCollectors;
import io.kshealth.core.cli.KshealthCli;
import io.kshealth.core.collect.CollectorFactories;
import java.util.List;
import java.util.ServiceConfigurationError;

/**
 * {@code kshealth}: the agent's entry point, wiring the built-in collectors, any collector plug-ins
 * and alerting.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    CollectorFactories factories;
    try {
      factories = CollectorFactories.withPlugins(BuiltInCollectors.all());
    } catch (IllegalStateException | ServiceConfigurationError e) {
      // A plug-in jar in lib/ that clashes with another or cannot load.
      System.err.println("kshealth: " + e.getMessage());
      System.exit(KshealthCli.INVALID);
      return;
    }
    System.exit(KshealthCli.execute(factories, List.of(new AlertingExtension()), args));
  }
}
