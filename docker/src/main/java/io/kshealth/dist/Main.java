package io.kshealth.dist;

import io.kshealth.alerts.AlertingExtensionFactory;
import io.kshealth.alerts.notify.NotifierFactories;
import io.kshealth.collectors.BuiltInCollectors;
import io.kshealth.core.cli.KshealthCli;
import io.kshealth.core.collect.CollectorFactories;
import io.kshealth.core.plugin.PluginDirectory;
import io.kshealth.core.plugin.PluginException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/**
 * {@code kshealth}: the agent's entry point, wiring the built-in collectors, alerting and the
 * collector and notifier types of the jars in the plug-in directory.
 */
public final class Main {

  /**
   * The plug-in directory; {@code bin/kshealth} sets it to the distribution's {@code plugins/} when
   * unset. Unset here (the jars started some other way): no plug-in directory.
   */
  static final String PLUGIN_DIR = "KSHEALTH_PLUGIN_DIR";

  private Main() {}

  public static void main(String[] args) {
    CommandLine cli;
    try {
      String dir = System.getenv(PLUGIN_DIR);
      ClassLoader agent = Main.class.getClassLoader();
      cli =
          commandLine(
              dir == null || dir.isBlank() ? agent : PluginDirectory.open(Path.of(dir), agent));
    } catch (PluginException e) {
      // Nothing has started: a broken plug-in stops the agent before it serves or collects.
      System.err.println("kshealth: " + e.getMessage());
      System.exit(KshealthCli.INVALID);
      return;
    }
    String cdsClasses = System.getProperty(CdsTrainingClasses.PROPERTY);
    if (cdsClasses != null) {
      try {
        System.err.println(
            CdsTrainingClasses.load(Path.of(cdsClasses), Main.class.getClassLoader()));
      } catch (IOException e) {
        // The training still archives what it loads itself.
        System.err.println("kshealth-cds: cannot read " + cdsClasses + ": " + e);
      }
    }
    System.exit(cli.execute(args));
  }

  /**
   * The command line with the built-in collectors, alerting, and the collector and notifier types
   * ServiceLoader finds through {@code plugins} (the class path, and the plug-in directory's jars
   * when it is their class loader).
   */
  static CommandLine commandLine(ClassLoader plugins) throws PluginException {
    CollectorFactories collectors =
        CollectorFactories.withPlugins(BuiltInCollectors.all(), plugins);
    NotifierFactories notifiers = NotifierFactories.load(plugins);
    return KshealthCli.commandLine(collectors, List.of(new AlertingExtensionFactory(notifiers)));
  }
}
