package io.kshealth.dist.kubernetes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code kshealth check-config} as {@code bin/kshealth} runs it in the image: a JVM of its own with
 * the launcher's default flags (so the history is held to the launcher's heap), the distribution's
 * classes (this module's test class path holds them) and only the environment given, here the
 * sidecar container's.
 */
final class LauncherCheckConfig {

  private static final Path LAUNCHER = Path.of("src/main/dist/bin/kshealth");

  private static final Pattern DEFAULT_OPTS = Pattern.compile("(?s)default_opts=\"([^\"]*)\"");

  /** What the command printed (stdout and stderr) and its exit code. */
  record Result(int exitCode, String output) {}

  private LauncherCheckConfig() {}

  static Result run(Path config, Map<String, String> environment)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(launcherFlags());
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "io.kshealth.dist.Main",
            "check-config",
            "--config",
            config.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(environment);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    // The output ends when the JVM does; the wait only guards against a JVM that never exits.
    if (!process.waitFor(1, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("check-config did not exit:\n" + output);
    }
    return new Result(process.exitValue(), output);
  }

  /** The JVM flags {@code bin/kshealth} starts the agent with when KSHEALTH_JVM_OPTS is unset. */
  static List<String> launcherFlags() throws IOException {
    Matcher opts = DEFAULT_OPTS.matcher(Files.readString(LAUNCHER));
    if (!opts.find()) {
      throw new AssertionError("no default_opts=\"...\" in " + LAUNCHER);
    }
    return Arrays.stream(opts.group(1).replace("\\\n", " ").trim().split("\\s+")).toList();
  }
}
