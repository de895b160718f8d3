package io.kshealth.collectors.support.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/** Finds the process to watch in a {@code /proc} tree. */
final class ProcessFinder {

  private final Path proc;

  ProcessFinder(Path proc) {
    this.proc = proc;
  }

  /**
   * The oldest process, other than {@code selfPid}, whose command line (arguments joined by spaces)
   * matches the pattern: the oldest, because a short-lived helper started by the watched
   * application (a shell, a jcmd) may match as well.
   */
  Optional<Long> findByCommandLine(Pattern pattern, long selfPid) throws IOException {
    Long best = null;
    long bestStart = Long.MAX_VALUE;
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc, "[0-9]*")) {
      for (Path dir : dirs) {
        long pid = Long.parseLong(dir.getFileName().toString());
        if (pid == selfPid) {
          continue;
        }
        try {
          if (pattern.matcher(commandLine(pid)).find()) {
            long start = ProcStat.read(dir.resolve("stat")).startTicks();
            if (start < bestStart) {
              best = pid;
              bestStart = start;
            }
          }
        } catch (IOException e) {
          // The process ended while we looked, or is not ours to read: not a candidate.
        }
      }
    }
    return Optional.ofNullable(best);
  }

  String commandLine(long pid) throws IOException {
    byte[] raw = Files.readAllBytes(proc.resolve(Long.toString(pid)).resolve("cmdline"));
    return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
  }
}
