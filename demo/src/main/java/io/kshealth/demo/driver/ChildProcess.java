package io.kshealth.demo.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A process the test bed started, with stdout and stderr in one log file. Every child is registered
 * until it is stopped, so {@link #stopAll} can end whatever a failed test or an interrupted demo
 * left running.
 */
public final class ChildProcess implements AutoCloseable {

  /** How long a child gets to exit on SIGTERM before it and its descendants are killed. */
  public static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private static final Set<ChildProcess> RUNNING = ConcurrentHashMap.newKeySet();

  private final String name;
  private final Process process;
  private final Path log;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code command} with its output appended to {@code log}. */
  public static ChildProcess start(String name, ProcessBuilder command, Path log)
      throws IOException {
    Files.createDirectories(log.getParent());
    command
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    ChildProcess child = new ChildProcess(name, command.start(), log);
    RUNNING.add(child);
    return child;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  public List<String> logLines() throws IOException {
    return Files.readAllLines(log);
  }

  /** Sends SIGINT, as Ctrl-C in a terminal does. */
  public void interrupt() throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-INT", Long.toString(pid())).inheritIO().start().waitFor();
  }

  /** Waits up to {@code timeout} for the process to exit; its exit code, or -1 if it runs on. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  /**
   * SIGTERM, then up to {@link #STOP_GRACE} for a clean exit; after that the process and every
   * descendant are killed. Returns the exit code (143 is a clean exit on SIGTERM for a JVM).
   */
  public int stop() throws InterruptedException {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    int code = awaitExit(STOP_GRACE);
    if (code == -1) {
      process.destroyForcibly();
      code = process.waitFor();
    }
    descendants.forEach(ProcessHandle::destroyForcibly);
    RUNNING.remove(this);
    return code;
  }

  /** {@link #stop()}; interrupted while waiting, it kills the process tree instead. */
  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      RUNNING.remove(this);
      Thread.currentThread().interrupt();
    }
  }

  /** Stops every child still running; the number it had to stop. */
  public static int stopAll() throws InterruptedException {
    int stopped = 0;
    for (ChildProcess child : List.copyOf(RUNNING)) {
      if (child.isAlive()) {
        stopped++;
      }
      child.stop();
    }
    return stopped;
  }

  @Override
  public String toString() {
    return name + " (pid " + pid() + ", log " + log + ")";
  }
}
