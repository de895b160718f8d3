package io.kshealth.core.cli;

import io.kshealth.core.collect.CollectorFactories;
import io.kshealth.core.config.AgentConfig;
import io.kshealth.core.config.ConfigError;
import io.kshealth.core.config.ConfigException;
import io.kshealth.core.config.ConfigLoader;
import io.kshealth.core.extension.ExtensionFactory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option every command shares, and loading it. */
final class ConfigOption {

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      required = true,
      description = "The agent's YAML config file.")
  Path file;

  /** The config, or empty after printing every error to {@code err}. */
  Optional<AgentConfig> load(
      CollectorFactories factories, List<ExtensionFactory> extensions, PrintWriter err) {
    try {
      return Optional.of(new ConfigLoader(factories, extensions, System::getenv).load(file));
    } catch (ConfigException e) {
      for (ConfigError error : e.errors()) {
        err.println(error.format());
      }
      err.println(
          e.errors().size() == 1 ? "1 error in " + file : e.errors().size() + " errors in " + file);
      err.flush();
      return Optional.empty();
    } catch (StackOverflowError | OutOfMemoryError e) {
      err.println(ConfigError.exhausted(file.toString(), e).format());
      err.flush();
      return Optional.empty();
    }
  }
}
