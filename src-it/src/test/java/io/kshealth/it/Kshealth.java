package io.kshealth.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.demo.driver.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An unpacked distribution, and the one place that starts its {@code bin/kshealth} in a process of
 * its own, as a user would from a shell.
 */
final class Kshealth {

  private final Path home;

  Kshealth(Path home) {
    this.home = home;
    assertTrue(Files.isExecutable(launcher()), launcher() + " is missing or not executable");
  }

  /** The distribution the build unpacked for these tests. */
  static Kshealth distribution() {
    return new Kshealth(Locations.home());
  }

  Path home() {
    return home;
  }

  Path launcher() {
    return home.resolve("bin/kshealth");
  }

  Path defaultConfig() {
    return home.resolve("config/kshealth.yaml");
  }

  /**
   * {@code bin/kshealth ARGS} in {@code workDir}. The environment is the test JVM's without any
   * KSHEALTH_* or JAVA_OPTS a developer may have set, with JAVA_HOME the JDK running the tests,
   * then {@code env} on top. SIGHUP is at its default disposition, as a service manager starts the
   * agent, whatever the build inherited: a build run under {@code nohup} ignores SIGHUP, and a JVM
   * that starts ignoring it cannot handle it.
   */
  ProcessBuilder command(Path workDir, Map<String, String> env, List<String> args) {
    return command("kshealth", workDir, env, args);
  }

  /** The same for another script of {@code bin/}, such as {@code kshealth-cds}. */
  ProcessBuilder command(String script, Path workDir, Map<String, String> env, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Tools.host("env", "coreutils"));
    command.add("--default-signal=HUP");
    command.add(home.resolve("bin").resolve(script).toString());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(key -> key.startsWith("KSHEALTH_") || key.equals("JAVA_OPTS"));
    environment.put("JAVA_HOME", System.getProperty("java.home"));
    environment.putAll(env);
    return builder;
  }

  /** Runs a command that ends by itself (check-config, once, --version). */
  Exec.Result exec(Path workDir, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    return Exec.run(command(workDir, env, List.of(args)));
  }

  Exec.Result exec(Path workDir, String... args) throws IOException, InterruptedException {
    return exec(workDir, Map.of(), args);
  }

  /**
   * Starts {@code bin/kshealth run --config CONFIG --listen 127.0.0.1:PORT MORE_ARGS} on a free
   * port, its log going to a new file in {@code workDir}.
   */
  Daemon start(Path workDir, Map<String, String> env, Path config, String... moreArgs)
      throws IOException {
    int port = Ports.freeLoopbackPort();
    Path log = Files.createTempFile(workDir, "kshealth-", ".log");
    List<String> args =
        new ArrayList<>(
            List.of("run", "--config", config.toString(), "--listen", "127.0.0.1:" + port));
    args.addAll(List.of(moreArgs));
    ProcessBuilder builder =
        command(workDir, env, args).redirectErrorStream(true).redirectOutput(log.toFile());
    return new Daemon(builder.start(), port, log);
  }

  Daemon start(Path workDir) throws IOException {
    return start(workDir, Map.of(), defaultConfig());
  }
}
