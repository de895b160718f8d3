package io.kshealth.collectors.support.jmx;

import io.kshealth.collectors.support.proc.ProcFile;
import io.kshealth.collectors.support.proc.ProcessReading;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the attach socket that a dead JVM left behind for a process of the same pid.
 *
 * <p>Why: the JDK's attach on Linux ({@code sun.tools.attach.VirtualMachineImpl}) looks for the
 * target's socket {@code .java_pid<nspid>} in the target's {@code /tmp}, {@code nspid} being the
 * pid inside the target's pid namespace (the last field of {@code NSpid:} in {@code
 * /proc/<pid>/status}). When that file exists, it connects to it and nothing else; only when it is
 * missing does it create {@code .attach_pid<nspid>} and send the target SIGQUIT, upon which the JVM
 * starts its attach listener and creates the socket. A JVM killed with SIGKILL (or by the OOM
 * killer) leaves its socket file. A JVM removes such a file of its own pid as it starts, but not
 * when it cannot (the file belongs to another user in the sticky {@code /tmp}), nor when it is
 * stopped or attached to before it gets that far. Then every attach to the new process is refused,
 * and the application is reported down while it runs, until it restarts. A socket file last
 * modified before the process started cannot be that process's: removing it makes the next attach
 * signal the JVM to start its own listener.
 *
 * <p>The file is read through {@code /proc/<pid>/root/tmp}, where the JDK looks for a target in
 * another pid namespace (JDK 21 and later, whenever that directory is writable). For a target in
 * the agent's own pid namespace, JDK 17 looks in the agent's {@code /tmp} instead, which is the
 * same directory when both share it, and the only case in which such an attach can work.
 */
final class StaleAttachSocket {

  /**
   * What was found at the socket's path, in words for the status page; empty when nothing was
   * there.
   */
  record Finding(boolean removed, String detail) {
    static final Finding NOTHING = new Finding(false, "");
  }

  /**
   * The process start is read from whole-second {@code btime}: up to a second earlier than the real
   * start, never later. A file older than that by more than this margin still predates the process.
   */
  private static final double SLACK_SECONDS = 1;

  private static final Logger log = LoggerFactory.getLogger(StaleAttachSocket.class);

  private final Path proc;

  StaleAttachSocket(Path proc) {
    this.proc = proc;
  }

  /**
   * Removes the pid's socket file if it is older than the process; says what was found. Never
   * throws: what cannot be read is a finding too, and the attach's own failure stands.
   */
  Finding removeIfStale(long pid) {
    try {
      return judge(pid);
    } catch (IOException e) {
      return new Finding(false, "the attach socket of pid " + pid + " cannot be judged: " + e);
    }
  }

  private Finding judge(long pid) throws IOException {
    Path dir = proc.resolve(Long.toString(pid));
    Path socket = dir.resolve("root/tmp/.java_pid" + namespacePid(dir, pid));
    double modified;
    try {
      modified = Files.getLastModifiedTime(socket, LinkOption.NOFOLLOW_LINKS).toMillis() / 1000.0;
    } catch (NoSuchFileException e) {
      return Finding.NOTHING;
    }
    OptionalDouble started = ProcessReading.startTimeSeconds(proc, pid);
    String found = socket + " (modified " + instant(modified) + ")";
    if (started.isEmpty()) {
      return new Finding(false, found + ", and process " + pid + " has no start time");
    }
    String start = "process " + pid + " started " + instant(started.getAsDouble());
    if (modified >= started.getAsDouble() - SLACK_SECONDS) {
      return new Finding(false, found + " is not older than the " + start);
    }
    try {
      Files.delete(socket);
    } catch (IOException e) {
      return new Finding(false, found + ", older than the " + start + ", cannot be removed: " + e);
    }
    Finding removed = new Finding(true, "removed " + found + ", older than the " + start);
    log.warn(
        "Attach to pid {}: {}; a dead JVM of the same pid left it, and the attach met it instead"
            + " of the running JVM",
        pid,
        removed.detail());
    return removed;
  }

  /** The pid inside the process's own pid namespace; the pid itself on kernels without NSpid. */
  private static long namespacePid(Path dir, long pid) throws IOException {
    Path status = dir.resolve("status");
    try {
      for (String line : ProcFile.lines(status)) {
        if (line.startsWith("NSpid:")) {
          String[] pids = line.substring("NSpid:".length()).trim().split("\\s+");
          try {
            return Long.parseLong(pids[pids.length - 1]);
          } catch (NumberFormatException e) {
            throw ProcFile.malformed(status, "NSpid: " + e.getMessage());
          }
        }
      }
    } catch (NoSuchFileException e) {
      // The process is gone: no socket of its to judge either.
    }
    return pid;
  }

  private static Instant instant(double seconds) {
    return Instant.ofEpochMilli(Math.round(seconds * 1000));
  }
}
