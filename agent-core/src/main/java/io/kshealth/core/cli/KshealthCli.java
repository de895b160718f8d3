package io.kshealth.core.cli;

import io.kshealth.core.agent.Version;
import io.kshealth.core.collect.CollectorFactories;
import io.kshealth.core.extension.ExtensionFactory;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code kshealth} command line. Exit codes: 0 success; 1 the command ran and something failed
 * (a collector in {@code once}, the HTTP port in {@code run}); 2 bad usage or a bad config file.
 */
@Command(
    name = "kshealth",
    mixinStandardHelpOptions = true,
    versionProvider = KshealthCli.VersionProvider.class,
    description = "Health-monitoring agent for Kafka Streams applications.",
    subcommands = {CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:the command ran and something failed",
      "2:bad usage or an invalid config file"
    })
public final class KshealthCli {

  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int INVALID = 2;

  private KshealthCli() {}

  /** Builds the command line for the given collector types, without extensions. */
  public static CommandLine commandLine(CollectorFactories factories) {
    return commandLine(factories, List.of());
  }

  /** Builds the command line for the given collector types and extensions (with their commands). */
  public static CommandLine commandLine(
      CollectorFactories factories, List<ExtensionFactory> extensions) {
    CommandLine cli = new CommandLine(new KshealthCli());
    cli.addSubcommand(new RunCommand(factories, extensions));
    cli.addSubcommand(new CheckConfigCommand(factories, extensions));
    cli.addSubcommand(new OnceCommand(factories, extensions));
    for (ExtensionFactory extension : extensions) {
      extension.commands().forEach(cli::addSubcommand);
    }
    return cli;
  }

  /** Runs the command line and returns its exit code. */
  public static int execute(
      CollectorFactories factories, List<ExtensionFactory> extensions, String... args) {
    return commandLine(factories, extensions).execute(args);
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "kshealth " + Version.get(),
        "Java "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vm.name")
            + ")"
      };
    }
  }
}
