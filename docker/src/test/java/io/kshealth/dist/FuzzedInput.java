package io.kshealth.dist;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.kshealth.core.cli.KshealthCli;
import io.kshealth.core.plugin.PluginException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * One fuzzed file run through the distribution's own command line, and the contract every input
 * path keeps: the command either succeeds or exits 2 with one line per error, each starting with
 * the file it is about; it never prints a stack trace or a Java class name, and never throws.
 *
 * <p>Files are written into a copy of the shipped {@code config/} tree, so that a fuzzed config
 * finds the rule pack and a fuzzed rule test finds the rule files it names.
 */
final class FuzzedInput {

  /** A Java class name such as java.lang.StackOverflowError, or a stack frame. */
  private static final Pattern JAVA_TRACE =
      Pattern.compile("(?m)\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z]\\w*(?:Exception|Error)\\b|^\\s+at ");

  private final Path dir;

  private FuzzedInput(Path dir) {
    this.dir = dir;
  }

  /** A copy of the shipped {@code config/} tree in a new directory under {@code target/}. */
  static FuzzedInput inCopyOfShippedConfig() {
    try {
      Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "fuzz");
      Path shipped = Path.of("../config").toAbsolutePath().normalize();
      try (Stream<Path> files = Files.walk(shipped)) {
        for (Path from : files.toList()) {
          Path to = dir.resolve(shipped.relativize(from).toString());
          if (Files.isDirectory(from)) {
            Files.createDirectories(to);
          } else if (Files.isRegularFile(from)) {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
      return new FuzzedInput(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the input at a path under the copy and returns where it is. */
  Path write(String relative, byte[] content) {
    try {
      return Files.write(dir.resolve(relative), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes text at a path under the copy and returns where it is. */
  Path write(String relative, String content) {
    return write(relative, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * Runs {@code kshealth ARGS…} in this JVM with the distribution's wiring and holds its output to
   * the contract; {@code okExits} lists the exit codes other than 2 that the command may give.
   */
  void holdsContract(List<Integer> okExits, String... args) {
    CommandLine cli;
    try {
      cli = Main.commandLine(Main.class.getClassLoader());
    } catch (PluginException e) {
      throw new AssertionError(e.getMessage(), e);
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit;
    try {
      exit = cli.execute(args);
    } catch (RuntimeException | Error e) {
      throw new AssertionError("kshealth " + String.join(" ", args) + " threw", e);
    }
    String all = out + "\n" + err;
    if (JAVA_TRACE.matcher(all).find()) {
      fail(
          "a Java class name or stack trace in the output of "
              + String.join(" ", args)
              + ":\n"
              + all);
    }
    if (exit == KshealthCli.INVALID) {
      Pattern reportLine = reportLine();
      for (String line : err.toString().split("\n")) {
        assertTrue(
            reportLine.matcher(line).matches(),
            "an error line that does not start with its file: " + line + "\n" + err);
      }
    } else {
      assertTrue(okExits.contains(exit), "exit " + exit + ":\n" + all);
    }
  }

  /**
   * A line of an exit-2 report: {@code file[:line:column]: message} for a file of this input or one
   * it names by absolute path (which may hold a colon itself: a fuzzed rule test names {@code
   * /dev/x:y}), the closing count, or the caret line under a CEL expression's error, which CEL
   * prints below the error it belongs to.
   */
  private Pattern reportLine() {
    return Pattern.compile(
        "(?:"
            + Pattern.quote(dir.toString())
            + "|/)[^\\n]*?(?::\\d+:\\d+)?: .*|\\d+ errors? in .*| \\| .*");
  }
}
