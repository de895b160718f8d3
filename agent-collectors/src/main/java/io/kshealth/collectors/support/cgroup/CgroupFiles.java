package io.kshealth.collectors.support.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads cgroup interface files. A file the kernel does not offer (an older kernel, the root cgroup,
 * a controller that is off) is a missing value; a file that is there but cannot be parsed is an
 * {@link IOException} naming the file and what is wrong.
 */
final class CgroupFiles {

  private CgroupFiles() {}

  /** The file's text, without surrounding white space; empty when there is no such file. */
  static Optional<String> text(Path file) throws IOException {
    try {
      return Optional.of(Files.readString(file).strip());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** A file that holds one value, such as {@code memory.current}. */
  static Optional<String> value(Path file) throws IOException {
    Optional<String> text = text(file);
    if (text.isPresent() && text.get().isEmpty()) {
      throw new IOException(file + ": empty, expected a value");
    }
    return text;
  }

  /** A file that holds one number of bytes, microseconds or such. */
  static OptionalLong number(Path file) throws IOException {
    Optional<String> v = value(file);
    return v.isEmpty() ? OptionalLong.empty() : OptionalLong.of(parse(file.toString(), v.get()));
  }

  /**
   * A count or amount: a whole number, not negative.
   *
   * @param where the file, and the key when it has several values
   */
  static long parse(String where, String text) throws IOException {
    try {
      long n = Long.parseLong(text);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // Reported below, with the file's name.
    }
    throw new IOException(where + ": expected a whole number, got '" + text + "'");
  }

  /** A flat keyed file, one {@code key value} pair a line, such as {@code memory.stat}. */
  static Keyed keyed(Path file) throws IOException {
    Optional<String> text = value(file);
    Map<String, String> values = new HashMap<>();
    if (text.isPresent()) {
      List<String> lines = text.get().lines().toList();
      for (int i = 0; i < lines.size(); i++) {
        String[] kv = lines.get(i).split(" ");
        if (kv.length != 2 || kv[0].isEmpty() || kv[1].isEmpty()) {
          throw new IOException(
              file + ": line " + (i + 1) + ": expected 'key value', got '" + lines.get(i) + "'");
        }
        values.put(kv[0], kv[1]);
      }
    }
    return new Keyed(file, values);
  }

  /** The pairs of a flat keyed file; none when the file is not there. */
  record Keyed(Path file, Map<String, String> values) {

    /** The key's number; empty when the kernel does not write that key. */
    OptionalLong get(String key) throws IOException {
      String v = values.get(key);
      return v == null ? OptionalLong.empty() : OptionalLong.of(parse(file + ": " + key, v));
    }

    /** The first of the keys the file has. */
    OptionalLong first(String key, String fallback) throws IOException {
      return values.containsKey(key) ? get(key) : get(fallback);
    }
  }
}
