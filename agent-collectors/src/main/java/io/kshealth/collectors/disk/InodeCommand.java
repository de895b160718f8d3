package io.kshealth.collectors.disk;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Counts a filesystem's inodes with {@code stat --file-system --format '%c %d'}: Java has no API
 * for statvfs's f_files and f_ffree, and a native call would need JNI or Java 22's FFM.
 */
final class InodeCommand {

  /** Long enough for a busy machine to start a process; short enough not to eat the run's time. */
  static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final List<String> command;
  private final Duration timeout;

  /** The command up to, not including, the path, which is appended after {@code --}. */
  InodeCommand(List<String> command, Duration timeout) {
    this.command = List.copyOf(command);
    this.timeout = timeout;
  }

  static InodeCommand coreutilsStat() {
    return new InodeCommand(List.of("stat", "--file-system", "--format", "%c %d"), TIMEOUT);
  }

  Inodes run(Path path) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(command);
    argv.add("--");
    argv.add(path.toString());
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    // Digits and messages in the C locale, whatever the agent's environment says.
    pb.environment().put("LC_ALL", "C");
    Process p = pb.start();
    String output;
    try {
      // stat reads no input: end it now rather than leave a pipe open for the process's life.
      p.getOutputStream().close();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IOException(
            describe(argv) + " did not finish within " + timeout.toMillis() + " ms");
      }
      // The process has exited: its few bytes of output wait in the pipe.
      output = read(p.getInputStream()).strip();
    } finally {
      p.destroyForcibly();
    }
    if (p.exitValue() != 0) {
      throw new IOException(describe(argv) + " failed (exit " + p.exitValue() + "): " + output);
    }
    return parse(output, describe(argv));
  }

  static Inodes parse(String output, String source) throws IOException {
    String[] f = output.split(" ");
    try {
      if (f.length == 2) {
        long files = Long.parseLong(f[0]);
        long free = Long.parseLong(f[1]);
        if (files >= 0 && free >= 0) {
          return new Inodes(files, free);
        }
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IOException(source + ": expected 'total free' inode counts, got '" + output + "'");
  }

  private static String read(InputStream in) throws IOException {
    try (in) {
      // A bound, in case the command is not the stat we think.
      return new String(in.readNBytes(4096), StandardCharsets.UTF_8);
    }
  }

  private static String describe(List<String> argv) {
    return String.join(" ", argv);
  }
}
