package io.kshealth.it;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion and keeps its exit code, stdout and stderr. */
final class Exec {

  /** A hang guard only: every command here normally ends within seconds. */
  static final Duration TIMEOUT = Duration.ofMinutes(2);

  /** One thread per stream, so a chatty command never blocks on a full pipe. */
  private static final Executor NEW_THREAD =
      task -> {
        Thread thread = new Thread(task, "exec-reader");
        thread.setDaemon(true);
        thread.start();
      };

  private Exec() {}

  /** What a finished command left behind. */
  record Result(List<String> command, int exitCode, String stdout, String stderr) {

    List<String> stdoutLines() {
      return stdout.lines().toList();
    }

    List<String> stderrLines() {
      return stderr.lines().toList();
    }

    /** The whole story, for assertion messages. */
    String describe() {
      return String.join(" ", command)
          + "\nexit code "
          + exitCode
          + "\n--- stdout ---\n"
          + stdout
          + "\n--- stderr ---\n"
          + stderr;
    }
  }

  static Result run(ProcessBuilder builder) throws IOException, InterruptedException {
    return run(builder, new byte[0]);
  }

  static Result run(ProcessBuilder builder, byte[] stdin) throws IOException, InterruptedException {
    Process process = builder.start();
    CompletableFuture<String> stdout = readAsync(process.getInputStream());
    CompletableFuture<String> stderr = readAsync(process.getErrorStream());
    try (OutputStream in = process.getOutputStream()) {
      in.write(stdin);
    }
    if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(
          String.join(" ", builder.command()) + " did not finish within " + TIMEOUT);
    }
    return new Result(builder.command(), process.exitValue(), stdout.join(), stderr.join());
  }

  private static CompletableFuture<String> readAsync(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            return new String(stream.readAllBytes(), UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        NEW_THREAD);
  }
}
