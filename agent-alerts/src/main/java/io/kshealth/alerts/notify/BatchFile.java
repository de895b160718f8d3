package io.kshealth.alerts.notify;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.jr.ob.JSON;
import io.kshealth.alerts.api.AlertMessage;
import io.kshealth.core.io.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One queued batch as a file of an outbox directory, {@code <sequence>.json}: an {@link AtomicFile}
 * header, then {@code {"queued": millis, "alerts": [...]}}. Files of release 0.x hold the same JSON
 * without the header and are read all the same.
 */
final class BatchFile {

  static final AtomicFile.Header HEADER = new AtomicFile.Header("outbox-batch", 1);

  private static final Pattern NAME = Pattern.compile("\\d{16}\\.json");

  /** A batch file as listed, before its body is read: enough to order, count and bound it. */
  record Listed(long sequence, long bytes, long modifiedMillis) {}

  /** A batch as read back. */
  record Batch(long queuedMillis, List<AlertMessage> alerts) {}

  private BatchFile() {}

  static Path path(Path dir, long sequence) {
    return dir.resolve(String.format("%016d.json", sequence));
  }

  static byte[] encode(long queuedMillis, List<AlertMessage> alerts) throws IOException {
    List<Map<String, Object>> stored = new ArrayList<>();
    alerts.forEach(a -> stored.add(AlertJson.stored(a)));
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("queued", queuedMillis);
    root.put("alerts", stored);
    return JSON.std.asBytes(root);
  }

  /** Writes a batch whole or not at all; returns the bytes it takes on disk. */
  static long write(Path file, byte[] json) throws IOException {
    AtomicFile.write(file, HEADER, out -> out.write(json));
    return Files.size(file);
  }

  /** A file that was read but holds no batch: it can never be sent. */
  static final class DamagedException extends Exception {
    private static final long serialVersionUID = 1L;

    DamagedException(String message) {
      super(message);
    }
  }

  /**
   * Reads a batch back.
   *
   * @throws IOException when the file cannot be read now (it may be later)
   * @throws DamagedException when it was read and holds no batch
   */
  static Batch read(Path file) throws IOException, DamagedException {
    AtomicFile.Contents contents;
    try {
      contents = AtomicFile.read(file);
    } catch (java.io.EOFException e) {
      throw new DamagedException("cut short: " + e);
    }
    if (contents.header().isPresent() && !contents.header().get().equals(HEADER)) {
      throw new DamagedException("holds " + contents.header().get() + ", expected " + HEADER);
    }
    try {
      Map<String, Object> root =
          JSON.std.mapFrom(new String(contents.body(), StandardCharsets.UTF_8));
      List<AlertMessage> alerts = new ArrayList<>();
      for (Object a : (List<?>) requireNonNull(root.get("alerts"), "alerts")) {
        alerts.add(AlertJson.fromStored((Map<?, ?>) a));
      }
      return new Batch(((Number) requireNonNull(root.get("queued"), "queued")).longValue(), alerts);
    } catch (IOException | RuntimeException e) {
      throw new DamagedException(e.toString());
    }
  }

  /**
   * The batches of a directory in order, from names and sizes only, so an outbox of any size is
   * listed in bounded memory per batch; temporary files a crash left are deleted on the way.
   */
  static List<Listed> list(Path dir) throws IOException {
    List<Listed> listed = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (AtomicFile.isTemp(file)) {
          Files.deleteIfExists(file);
        } else if (NAME.matcher(name).matches()) {
          BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
          listed.add(
              new Listed(
                  Long.parseLong(name.substring(0, 16)),
                  attributes.size(),
                  attributes.lastModifiedTime().toMillis()));
        }
      }
    }
    listed.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
    return listed;
  }
}
