package io.kshealth.alerts.ruletest;

import io.kshealth.alerts.expr.RuleLanguage;
import io.kshealth.alerts.rules.RuleLoader;
import io.kshealth.core.cli.KshealthCli;
import io.kshealth.core.config.ConfigError;
import io.kshealth.core.config.ConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kshealth rules}: work with alerting rules without running the agent. */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description = "Work with alerting rules.",
    subcommands = {RulesCommand.Test.class})
public final class RulesCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return KshealthCli.INVALID;
  }

  /** {@code kshealth rules test PATH…}. */
  @Command(
      name = "test",
      mixinStandardHelpOptions = true,
      description = {
        "Run rule unit tests written in promtool's format (input_series, alert_rule_test).",
        "A directory stands for every *.yaml/*.yml file under it whose name contains 'test'.",
        "rule_files in a test file are relative to the test file, as in promtool."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:every test passed",
        "1:a test failed (the difference is printed)",
        "2:a file could not be read (every error is printed)"
      })
  static final class Test implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Test files or directories.")
    List<Path> paths;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      List<Path> files = new ArrayList<>();
      boolean invalid = false;
      for (Path p : paths) {
        invalid |= !expand(p, files, err);
      }
      RuleTestRunner runner = new RuleTestRunner(new RuleLoader(RuleLanguage.standard()), out);
      boolean failed = false;
      for (Path file : files) {
        try {
          failed |= !runner.run(RuleTestFile.read(file));
        } catch (ConfigException e) {
          for (ConfigError error : e.errors()) {
            err.println(error.format());
          }
          invalid = true;
        } catch (StackOverflowError | OutOfMemoryError e) {
          // The rule files' own bounds come first; this guards the test file itself (its series
          // and expectations), so that it gets a line, not a trace.
          err.println(file + ": cannot run: " + e);
          invalid = true;
        }
      }
      err.flush();
      return invalid ? KshealthCli.INVALID : failed ? KshealthCli.FAILED : KshealthCli.OK;
    }

    private static boolean expand(Path path, List<Path> files, PrintWriter err) {
      if (Files.isRegularFile(path)) {
        files.add(path);
        return true;
      }
      if (Files.isDirectory(path)) {
        try (Stream<Path> walk = Files.walk(path)) {
          List<Path> found =
              walk.filter(Files::isRegularFile)
                  .filter(
                      p -> {
                        String n = p.getFileName().toString();
                        return n.contains("test") && (n.endsWith(".yaml") || n.endsWith(".yml"));
                      })
                  .sorted()
                  .toList();
          if (found.isEmpty()) {
            err.println(path + ": no test files (*test*.yaml) in this directory");
            return false;
          }
          files.addAll(found);
          return true;
        } catch (IOException e) {
          err.println(path + ": " + e);
          return false;
        }
      }
      err.println(path + ": no such file or directory");
      return false;
    }
  }
}
