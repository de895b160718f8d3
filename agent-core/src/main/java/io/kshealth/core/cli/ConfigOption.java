package io.kshealth.core.cli;

import io.kshealth.core.collect.CollectorFactories;
import io.kshealth.core.config.AgentConfig;
import io.kshealth.core.config.ConfigError;
import io.kshealth.core.config.ConfigException;
import io.kshealth.core.config.ConfigLoader;
import io.kshealth.core.config.HttpConfig;
import io.kshealth.core.extension.ExtensionFactory;
import io.kshealth.core.http.web.WebConfig;
import io.kshealth.core.http.web.WebConfigLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
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
      return Optional.of(
          new ConfigLoader(factories, extensions, System::getenv, Runtime.getRuntime().maxMemory())
              .load(file));
    } catch (ConfigException e) {
      print(e, file, err);
      return Optional.empty();
    } catch (StackOverflowError | OutOfMemoryError e) {
      err.println(ConfigError.exhausted(file.toString(), e).format());
      err.flush();
      return Optional.empty();
    }
  }

  /**
   * Loads the web config file, when one is set, and hands it to {@code valid}; false after printing
   * its errors.
   */
  static boolean checkWebConfig(HttpConfig http, PrintWriter err, Consumer<WebConfig> valid) {
    if (http.webConfigFile().isEmpty()) {
      return true;
    }
    Path webConfig = http.webConfigFile().get();
    try {
      valid.accept(new WebConfigLoader(System::getenv).load(webConfig));
      return true;
    } catch (ConfigException e) {
      print(e, webConfig, err);
      return false;
    }
  }

  static void print(ConfigException e, Path file, PrintWriter err) {
    for (ConfigError error : e.errors()) {
      err.println(error.format());
    }
    err.println(
        e.errors().size() == 1 ? "1 error in " + file : e.errors().size() + " errors in " + file);
    err.flush();
  }
}
