package io.kshealth.collectors.support.proc;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One reading of a process from {@code /proc/<pid>}: what the {@code process} collector reports,
 * and what the {@code streams} collector needs for the target's off-heap estimate.
 *
 * @param cpuSeconds user plus system time
 * @param startTimeSeconds when the process started, in seconds since the epoch
 * @param anonBytes resident anonymous memory ({@code RssAnon}): the heap, RocksDB's memory, thread
 *     stacks; not the mapped jars. Empty on kernels before 4.5
 * @param openFds empty when the agent may not list another user's descriptors
 * @param maxFds the soft limit; empty when unlimited
 */
public record ProcessReading(
    double cpuSeconds,
    double startTimeSeconds,
    long residentBytes,
    OptionalLong anonBytes,
    long virtualBytes,
    long threads,
    OptionalLong openFds,
    OptionalLong maxFds) {

  /** Reads the process; empty when it is not there (it exited, or never was). */
  public static Optional<ProcessReading> read(Path proc, long pid) throws IOException {
    Path dir = proc.resolve(Long.toString(pid));
    try {
      ProcStat stat = ProcStat.read(dir.resolve("stat"));
      ProcStatus status = ProcStatus.read(dir.resolve("status"));
      return Optional.of(
          new ProcessReading(
              stat.cpuTicks() / ProcStat.TICKS_PER_SECOND,
              startSeconds(proc, stat),
              status.residentBytes(),
              status.anonBytes(),
              stat.virtualBytes(),
              status.threads(),
              openFds(dir),
              ProcLimits.maxOpenFiles(dir.resolve("limits"))));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** When the process started, in seconds since the epoch; empty when it is not there. */
  public static OptionalDouble startTimeSeconds(Path proc, long pid) throws IOException {
    try {
      return OptionalDouble.of(
          startSeconds(proc, ProcStat.read(proc.resolve(Long.toString(pid)).resolve("stat"))));
    } catch (NoSuchFileException e) {
      return OptionalDouble.empty();
    }
  }

  private static double startSeconds(Path proc, ProcStat stat) throws IOException {
    return bootTimeSeconds(proc) + stat.startTicks() / ProcStat.TICKS_PER_SECOND;
  }

  private static long bootTimeSeconds(Path proc) throws IOException {
    for (String line : Files.readAllLines(proc.resolve("stat"))) {
      if (line.startsWith("btime ")) {
        return Long.parseLong(line.substring(6).trim());
      }
    }
    throw new IOException(proc.resolve("stat") + " has no btime line");
  }

  /** Counting another user's descriptors needs privileges the agent may not have. */
  private static OptionalLong openFds(Path dir) throws IOException {
    long n = 0;
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(dir.resolve("fd"))) {
      for (Path ignored : fds) {
        n++;
      }
    } catch (AccessDeniedException e) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(n);
  }
}
