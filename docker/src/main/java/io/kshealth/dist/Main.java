package io.kshealth.dist;

import io.kshealth.collectors.BuiltInCollectors;
import io.kshealth.core.cli.KshealthCli;
import io.kshealth.core.collect.CollectorFactories;

/** {@code kshealth}: the agent's entry point, wiring the built-in collectors and any plug-ins. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(KshealthCli.execute(CollectorFactories.withPlugins(BuiltInCollectors.all()), args));
  }
}
