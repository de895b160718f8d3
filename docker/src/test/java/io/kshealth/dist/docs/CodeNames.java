package io.kshealth.dist.docs;

import io.kshealth.core.cli.KshealthCli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * The names the code has, read from the repository's sources: the metrics the agent declares, the
 * config keys its readers ask for, the flags its command lines take and the environment variables
 * its launcher, image, config files and code read.
 */
final class CodeNames {

  /** Every metric of a collector or of the agent's own samples is a {@code Metric} constant. */
  private static final Pattern METRIC_CALL = Pattern.compile("Metric\\.(?:gauge|counter)\\(");

  private static final Pattern METRIC_DECLARED =
      Pattern.compile("Metric\\.(?:gauge|counter)\\(\\s*\"([a-z0-9_]+)\"");

  /** The key a config reader asks a {@code ConfigSection} for (or reports an error at). */
  private static final Pattern CONFIG_KEY =
      Pattern.compile(
          "\\.(?:string|optionalString|duration|durationOrZero|file|size|integer|bool|choice|has"
              + "|hasValue|map|list|strings|stringMap|error|errorAtKey)\\(\\s*\"([a-z][a-z0-9_-]*)\"");

  /** A reader's own helper that takes a node and a key: {@code optionalCount(options, "key")}. */
  private static final Pattern KEY_HELPER =
      Pattern.compile("(\\w+)\\(\\s*Config(?:Node|Section) \\w+,\\s*String key\\b");

  private static final Pattern FLAG = Pattern.compile("\"(--[a-z][a-z0-9.-]*)\"");
  private static final Pattern SHELL_FLAG =
      Pattern.compile("(?<![A-Za-z0-9-])(--[a-z][a-z0-9.-]*)");

  /** {@code $VAR} or {@code ${VAR...}} in a script or a config file; {@code "VAR"} in Java. */
  private static final Pattern ENV_READ =
      Pattern.compile("\\$\\{?([A-Z][A-Z0-9_]*)|\"([A-Z][A-Z0-9_]*)\"");

  private final Path root;

  CodeNames(Path root) {
    this.root = root;
  }

  /**
   * Metric names declared in the agent's main sources (agent-core, -collectors, -alerts) and in the
   * example collector plug-in, whose metric the README's plug-in section shows.
   */
  Set<String> declaredMetrics(List<String> problems) {
    Set<String> names = new TreeSet<>();
    List<Path> sources = new ArrayList<>(agentSources());
    sources.addAll(javaSources("src-it/example-collector"));
    for (Path file : sources) {
      String text = read(file);
      Matcher call = METRIC_CALL.matcher(text);
      while (call.find()) {
        Matcher declared = METRIC_DECLARED.matcher(text).region(call.start(), text.length());
        if (declared.lookingAt()) {
          names.add(declared.group(1));
        } else {
          problems.add(
              where(file, text, call.start())
                  + ": a Metric whose name is not a string literal: the docs test cannot see it");
        }
      }
    }
    return names;
  }

  /**
   * Keys the config readers of every module ask for, directly or through a helper of their own, and
   * every key of the shipped config file (which holds the names of its collectors).
   */
  Set<String> configKeys() {
    Set<String> keys = matches(agentSources(), CONFIG_KEY);
    Set<String> helpers = matches(agentSources(), KEY_HELPER);
    keys.addAll(
        matches(
            agentSources(),
            Pattern.compile(
                "\\b(?:"
                    + String.join("|", helpers)
                    + ")\\(\\s*[\\w.()]+,\\s*\"([a-z][a-z0-9_-]*)\"")));
    keys.addAll(
        matches(
            List.of(root.resolve("config/kshealth.yaml")),
            Pattern.compile("(?m)^\\s*([a-z][a-z0-9_-]*):")));
    return keys;
  }

  /**
   * Flags of the agent's command line (as picocli builds it, so {@code --help} and {@code
   * --version} count), of the demo's and of the bench scripts.
   */
  Set<String> flags() {
    Set<String> flags = new TreeSet<>();
    addOptions(KshealthCli.commandLine(BuiltIns.collectors(), BuiltIns.extensions()), flags);
    flags.addAll(matches(javaSources("demo"), FLAG));
    flags.addAll(matches(files(root.resolve("bench"), ".sh"), SHELL_FLAG));
    return flags;
  }

  /**
   * Environment variables read by the launcher, the image, the systemd unit, the config files, the
   * bench and CI scripts, or Java code.
   */
  Set<String> environmentVariables() {
    List<Path> files = new ArrayList<>(files(root.resolve("docker/src/main"), ""));
    files.addAll(files(root.resolve("config"), ".yaml"));
    files.addAll(files(root.resolve("bench"), ".sh"));
    files.addAll(files(root.resolve(".ci"), ""));
    files.addAll(javaSources("demo"));
    Set<String> names = new TreeSet<>();
    for (Path file : files) {
      Matcher m = ENV_READ.matcher(read(file));
      while (m.find()) {
        names.add(m.group(1) != null ? m.group(1) : m.group(2));
      }
    }
    return names;
  }

  private static void addOptions(CommandLine cli, Set<String> flags) {
    cli.getCommandSpec().options().forEach(o -> flags.addAll(List.of(o.names())));
    cli.getSubcommands().values().forEach(sub -> addOptions(sub, flags));
  }

  private List<Path> agentSources() {
    return javaSources("agent-core", "agent-collectors", "agent-alerts", "docker");
  }

  private List<Path> javaSources(String... modules) {
    List<Path> all = new ArrayList<>();
    for (String module : modules) {
      all.addAll(files(root.resolve(module).resolve("src/main/java"), ".java"));
    }
    return all;
  }

  private static Set<String> matches(List<Path> files, Pattern pattern) {
    Set<String> names = new TreeSet<>();
    for (Path file : files) {
      Matcher m = pattern.matcher(read(file));
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  static List<Path> files(Path dir, String suffix) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().endsWith(suffix))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String where(Path file, String text, int offset) {
    return root.relativize(file) + ":" + (text.substring(0, offset).split("\n", -1).length);
  }
}
