package io.kshealth.core.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {

  static final AtomicFile.Header HEADER = new AtomicFile.Header("test-kind", 3);

  @TempDir Path dir;

  @Test
  void aSecretIsTheOwnersOnlyFromItsCreationEvenOverALeftoverTemporaryFile() throws IOException {
    Path file = dir.resolve("secret");
    Files.writeString(AtomicFile.temp(file), "left by a crash");
    Files.setPosixFilePermissions(
        AtomicFile.temp(file), PosixFilePermissions.fromString("rw-r--r--"));
    AtomicFile.writeOwnerOnly(file, HEADER, out -> out.write(new byte[] {1, 2, 3}));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertArrayEquals(new byte[] {1, 2, 3}, AtomicFile.read(file).body());
    assertEquals(List.of(file), files(), "no temporary file left");
  }

  @Test
  void writesTheHeaderFirstThenTheBody() throws IOException {
    Path file = dir.resolve("state.json");
    AtomicFile.write(file, HEADER, out -> out.write("{\"a\":1}".getBytes(UTF_8)));

    try (DataInputStream raw = new DataInputStream(Files.newInputStream(file))) {
      assertEquals(0x4b534846, raw.readInt(), "magic KSHF");
      assertEquals(1, raw.readInt(), "header format");
      assertEquals("test-kind", raw.readUTF());
      assertEquals(3, raw.readInt(), "the kind's version");
      assertEquals("{\"a\":1}", new String(raw.readAllBytes(), UTF_8));
    }
    AtomicFile.Contents read = AtomicFile.read(file);
    assertEquals(Optional.of(HEADER), read.header());
    assertEquals("{\"a\":1}", new String(read.body(), UTF_8));
    assertEquals(List.of(file), files(), "no temporary file left");
  }

  @Test
  void aFailureMidWriteKeepsTheOldFileAndLeavesNoTemporaryFile() throws IOException {
    Path file = dir.resolve("state.json");
    AtomicFile.write(file, HEADER, out -> out.write("old".getBytes(UTF_8)));
    byte[] before = Files.readAllBytes(file);

    IOException failure =
        assertThrows(
            IOException.class,
            () ->
                AtomicFile.write(
                    file,
                    HEADER,
                    out -> {
                      out.write(new byte[100_000]);
                      throw new IOException("No space left on device");
                    }));

    assertEquals("No space left on device", failure.getMessage());
    assertArrayEquals(before, Files.readAllBytes(file), "the old file is intact");
    assertEquals(List.of(file), files(), "no temporary file left");
  }

  @Test
  void aFailedRenameLeavesNoTemporaryFile() throws IOException {
    // A non-empty directory where the file should go: the rename fails after the data is synced.
    Path file = dir.resolve("state.json");
    Files.createDirectories(file.resolve("inside"));

    assertThrows(IOException.class, () -> AtomicFile.write(file, HEADER, out -> out.write(1)));

    assertEquals(List.of(file), files());
    assertTrue(Files.isDirectory(file.resolve("inside")));
  }

  @Test
  void aFileWithoutHeaderIsReadFromItsFirstByte() throws IOException {
    // As release 0.x wrote its files: the body alone (JSON, or history's own "KSHH" magic).
    for (String legacy : List.of("{\"version\":1}", "KSHH\u0000\u0000\u0000\u0001", "", "KS")) {
      Path file = dir.resolve("legacy");
      Files.writeString(file, legacy, UTF_8);
      AtomicFile.Contents read = AtomicFile.read(file);
      assertEquals(Optional.empty(), read.header(), legacy);
      assertEquals(legacy, new String(read.body(), UTF_8));
    }
  }

  @Test
  void anUnknownHeaderFormatIsAnError() throws IOException {
    Path file = dir.resolve("future");
    Files.write(file, new byte[] {0x4b, 0x53, 0x48, 0x46, 0, 0, 0, 9, 0, 0});
    IOException e = assertThrows(IOException.class, () -> AtomicFile.read(file));
    assertTrue(e.getMessage().contains("header format 9"), e.getMessage());
  }

  @Test
  void deletesTheTemporaryFileACrashLeft() throws IOException {
    Path file = dir.resolve("alerts.json");
    Files.writeString(dir.resolve("alerts.json.tmp"), "half");
    AtomicFile.deleteStaleTemp(file);
    assertEquals(List.of(), files());
  }

  @Test
  void describesAFileErrorWithPathAndReason() {
    assertEquals(
        "/data: permission denied",
        IoErrors.describe(new java.nio.file.AccessDeniedException("/data")));
    assertEquals(
        "/data/x: Read-only file system",
        IoErrors.describe(
            new java.nio.file.FileSystemException("/data/x", null, "Read-only file system")));
    assertEquals("boom", IoErrors.describe(new IOException("boom")));
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.sorted().toList();
    }
  }
}
