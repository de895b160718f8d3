package io.kshealth.core.io;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The one way the agent writes a file in its data dir: to {@code <name>.tmp} beside it, synced,
 * renamed over the old file and the directory synced, so a crash, a full disk or a read-only mount
 * leaves the old file whole and no temporary file behind. Every file starts with a {@link Header}
 * naming what it holds and in which version of its format.
 *
 * <p>Example: {@code AtomicFile.write(dir.resolve("alerts.json"), new Header("alert-state", 1), out
 * -> out.write(json))}.
 */
public final class AtomicFile {

  /** "KSHF": a kshealth file with a header. Files of release 0.x have none. */
  static final int MAGIC = 0x4b534846;

  /** The version of the header itself; what follows it is versioned by {@link Header#version}. */
  static final int HEADER_FORMAT = 1;

  static final String TEMP_SUFFIX = ".tmp";

  /** What a file holds ({@code kind}) and the version of that kind's format. */
  public record Header(String kind, int version) {}

  /** Writes the body of a file, after its header. */
  @FunctionalInterface
  public interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  /** A file opened for reading: its header, absent for a file written before headers existed. */
  public record Opened(Optional<Header> header, InputStream in) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  private AtomicFile() {}

  /**
   * Replaces {@code file} with the header and body; on any failure the old file stays as it was and
   * the temporary file is deleted.
   */
  public static void write(Path file, Header header, Body body) throws IOException {
    write(file, header, body, List.of());
  }

  /**
   * As {@link #write}, for a secret: the file is readable and writable by the agent's user only
   * (mode 0600) from its creation, not after it.
   */
  public static void writeOwnerOnly(Path file, Header header, Body body) throws IOException {
    // A temporary file left behind keeps its mode when truncated: make it anew.
    Files.deleteIfExists(temp(file));
    write(
        file,
        header,
        body,
        List.of(
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))));
  }

  private static void write(Path file, Header header, Body body, List<FileAttribute<?>> attributes)
      throws IOException {
    Path tmp = temp(file);
    try {
      try (OutputStream os =
              Channels.newOutputStream(
                  Files.newByteChannel(
                      tmp,
                      Set.of(
                          StandardOpenOption.CREATE,
                          StandardOpenOption.TRUNCATE_EXISTING,
                          StandardOpenOption.WRITE),
                      attributes.toArray(FileAttribute<?>[]::new)));
          DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os))) {
        out.writeInt(MAGIC);
        out.writeInt(HEADER_FORMAT);
        out.writeUTF(header.kind());
        out.writeInt(header.version());
        body.writeTo(out);
        out.flush();
      }
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(tmp, e);
      throw e;
    }
    syncDirectory(Objects.requireNonNull(file.toAbsolutePath().getParent()));
  }

  /**
   * Opens a file for reading, past its header if it has one. A file without one (written by a
   * release before headers) is returned from its first byte, for its reader to parse the old way.
   */
  public static Opened open(Path file) throws IOException {
    BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
    try {
      in.mark(8);
      DataInputStream data = new DataInputStream(in);
      byte[] magic = in.readNBytes(4);
      if (magic.length < 4 || readInt(magic) != MAGIC) {
        in.reset();
        return new Opened(Optional.empty(), in);
      }
      int format = data.readInt();
      if (format != HEADER_FORMAT) {
        throw new IOException("header format " + format + ", expected " + HEADER_FORMAT);
      }
      Header header = new Header(data.readUTF(), data.readInt());
      return new Opened(Optional.of(header), in);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /** Reads a whole small file: its header (if any) and the rest as bytes. */
  public static Contents read(Path file) throws IOException {
    try (Opened opened = open(file)) {
      return new Contents(opened.header(), opened.in().readAllBytes());
    }
  }

  /** A whole file as {@link #read} returns it. */
  public record Contents(Optional<Header> header, byte[] body) {}

  /**
   * Deletes the temporary file a crash mid-write may have left beside {@code file}; the file itself
   * is untouched (the rename never happened, so it is the last good one).
   */
  public static void deleteStaleTemp(Path file) {
    try {
      Files.deleteIfExists(temp(file));
    } catch (IOException e) {
      // A data dir we cannot delete in is reported by the next write that fails.
    }
  }

  /** Whether {@code file} is a temporary file this class writes. */
  public static boolean isTemp(Path file) {
    return file.getFileName().toString().endsWith(TEMP_SUFFIX);
  }

  static Path temp(Path file) {
    return file.resolveSibling(file.getFileName() + TEMP_SUFFIX);
  }

  /** So the rename itself survives a power loss; not every file system lets a directory sync. */
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // The file is renamed already; a directory that cannot be synced is the platform's limit.
    }
  }

  private static void deleteQuietly(Path tmp, Exception cause) {
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }

  private static int readInt(byte[] b) {
    return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
  }
}
