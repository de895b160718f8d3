package io.kshealth.core.cli;

import io.kshealth.core.agent.Version;
import io.kshealth.core.collect.CollectorFactories;
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

  /** Builds the command line for the given collector types. */
  public static CommandLine commandLine(CollectorFactories factories) {
    CommandLine cli = new CommandLine(new KshealthCli());
    cli.addSubcommand(new RunCommand(factories));
    cli.addSubcommand(new CheckConfigCommand(factories));
    cli.addSubcommand(new OnceCommand(factories));
    return cli;
  }

  /** Runs the command line and returns its exit code. */
  public static int execute(CollectorFactories factories, String... args) {
    return commandLine(factories).execute(args);
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
