package io.kshealth.collectors.support.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The socket file judged against the process's start, in a {@code /proc} of its own: booted at
 * {@link #BOOT}, the process started {@link #START_SECONDS} later, its {@code root/tmp} a directory
 * of the test.
 */
class StaleAttachSocketTest {

  private static final long PID = 4242;
  private static final long BOOT = 1_700_000_000;
  private static final long START_SECONDS = 1000;
  private static final Instant STARTED = Instant.ofEpochSecond(BOOT + START_SECONDS);

  @TempDir Path proc;
  private Path tmp;

  @BeforeEach
  void aProcess() throws IOException {
    Files.writeString(proc.resolve("stat"), "cpu 0 0 0 0\nbtime " + BOOT + "\n");
    Path dir = Files.createDirectories(proc.resolve(Long.toString(PID)));
    StringBuilder fields = new StringBuilder("S");
    for (int field = 4; field <= 44; field++) {
      fields.append(' ').append(field == 22 ? START_SECONDS * 100 : 0);
    }
    Files.writeString(dir.resolve("stat"), PID + " (java) " + fields + "\n");
    Files.writeString(dir.resolve("status"), "Name:\tjava\nNSpid:\t" + PID + "\nThreads:\t9\n");
    tmp = Files.createDirectories(dir.resolve("root/tmp"));
  }

  private Path socketModifiedAt(String name, Instant modified) throws IOException {
    Path socket = Files.createFile(tmp.resolve(name));
    Files.setLastModifiedTime(socket, FileTime.from(modified));
    return socket;
  }

  private StaleAttachSocket.Finding judge() {
    return new StaleAttachSocket(proc).removeIfStale(PID);
  }

  @Test
  void aSocketOlderThanTheProcessIsRemoved() throws IOException {
    Path socket = socketModifiedAt(".java_pid" + PID, STARTED.minusSeconds(3600));

    StaleAttachSocket.Finding found = judge();

    assertTrue(found.removed(), found.detail());
    assertFalse(Files.exists(socket));
    assertEquals(
        "removed "
            + socket
            + " (modified 2023-11-14T21:30:00Z), older than the process 4242 started"
            + " 2023-11-14T22:30:00Z",
        found.detail());
  }

  /** The start is read from whole-second btime: a socket made within that second is the JVM's. */
  @Test
  void aSocketFromTheProcessesOwnStartIsKept() throws IOException {
    Path socket = socketModifiedAt(".java_pid" + PID, STARTED.minusMillis(900));

    StaleAttachSocket.Finding found = judge();

    assertFalse(found.removed());
    assertTrue(Files.exists(socket));
    assertTrue(
        found
            .detail()
            .endsWith("is not older than the process 4242 started" + " 2023-11-14T22:30:00Z"),
        found.detail());
  }

  @Test
  void aSocketNewerThanTheProcessIsKept() throws IOException {
    Path socket = socketModifiedAt(".java_pid" + PID, STARTED.plusSeconds(5));

    StaleAttachSocket.Finding found = judge();

    assertFalse(found.removed());
    assertTrue(Files.exists(socket));
    assertTrue(found.detail().startsWith(socket + " (modified "), found.detail());
  }

  @Test
  void noSocketIsNothingToSay() {
    assertEquals(StaleAttachSocket.Finding.NOTHING, judge());
  }

  /**
   * Something at the socket's path that cannot be removed: a directory with a file in it, which
   * even root cannot delete (a read-only {@code /tmp} would stop only other users, and the tests
   * may run as root). Kept, and said why.
   */
  @Test
  void aSocketThatCannotBeRemovedIsKeptAndSaid() throws IOException {
    Path socket = Files.createDirectory(tmp.resolve(".java_pid" + PID));
    Files.createFile(socket.resolve("inside"));
    Files.setLastModifiedTime(socket, FileTime.from(STARTED.minusSeconds(3600)));

    StaleAttachSocket.Finding found = judge();

    assertFalse(found.removed());
    assertTrue(Files.exists(socket));
    assertTrue(found.detail().contains("cannot be removed: "), found.detail());
  }

  /**
   * A process in a container: {@code NSpid} lists its pid in each namespace from the outermost, and
   * the JVM named its socket after the innermost.
   */
  @Test
  void theSocketIsNamedAfterThePidInTheProcessesOwnNamespace() throws IOException {
    Path dir = proc.resolve(Long.toString(PID));
    Files.writeString(dir.resolve("status"), "Name:\tjava\nNSpid:\t" + PID + "\t311\t7\n");
    Path outer = socketModifiedAt(".java_pid" + PID, STARTED.minusSeconds(3600));
    Path inner = socketModifiedAt(".java_pid7", STARTED.minusSeconds(3600));

    assertTrue(judge().removed());
    assertFalse(Files.exists(inner));
    assertTrue(Files.exists(outer), "another pid's socket, as the container sees it");
  }

  @Test
  void aProcessThatIsGoneIsNotJudged() throws IOException {
    Path socket = socketModifiedAt(".java_pid" + PID, STARTED.minusSeconds(3600));
    Files.delete(proc.resolve(Long.toString(PID)).resolve("stat"));

    StaleAttachSocket.Finding found = judge();

    assertFalse(found.removed());
    assertTrue(Files.exists(socket));
    assertTrue(found.detail().endsWith("process 4242 has no start time"), found.detail());
  }
}
