package io.kshealth.collectors.support.rocksdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Parsed OPTIONS files, each read once while it stays the same file: RocksDB writes a new one when
 * options change, so a file's identity, size and time tell whether it must be read again. Entries
 * not asked for during a run are forgotten at {@link #endRun}.
 */
public final class OptionsCache {

  private record Key(Path file, Object fileKey, FileTime modified, long size) {}

  private Map<Key, StoreOptions> previous = new HashMap<>();
  private Map<Key, StoreOptions> current = new HashMap<>();

  /** The parsed file; empty when it just vanished. */
  public Optional<StoreOptions> get(Path file) throws IOException {
    try {
      BasicFileAttributes a =
          Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      Key key = new Key(file, a.fileKey(), a.lastModifiedTime(), a.size());
      StoreOptions parsed = current.get(key);
      if (parsed == null) {
        parsed = previous.get(key);
      }
      if (parsed == null) {
        parsed = StoreOptions.of(RocksDbOptionsFile.read(file));
      }
      current.put(key, parsed);
      return Optional.of(parsed);
    } catch (NoSuchFileException e) {
      // RocksDB wrote a newer one and deleted this between our listing and our read.
      return Optional.empty();
    }
  }

  public void endRun() {
    previous = current;
    current = new HashMap<>();
  }
}
