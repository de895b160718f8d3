package io.kshealth.collectors.support.rocksdb;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The RocksDB options of one store that bound its memory and shape its disk use, from the {@code
 * "default"} column family of its newest OPTIONS file. Each is empty when the file does not say (a
 * table format other than BlockBasedTable has no block size).
 *
 * <p>Kafka Streams 4.3 stores also hold a {@code keyValueWithTimestamp} family, opened with the
 * same options as {@code "default"} (the files in the tests' fixture agree line for line), and an
 * {@code offsets} family of its own bookkeeping with small fixed buffers (1 MiB, 2 of them): the
 * store's own options are those of {@code "default"}.
 *
 * @param compactionStyle as RocksDB names it, such as {@code kCompactionStyleUniversal}
 * @param memtableLimitBytes the most memory the memtables of one RocksDB instance can hold: {@code
 *     write_buffer_size × max_write_buffer_number} summed over <em>all</em> its column families
 *     (each has memtables of its own); empty when a family does not say
 */
public record StoreOptions(
    OptionalLong writeBufferSize,
    OptionalLong maxWriteBuffers,
    OptionalLong blockSize,
    Optional<String> compactionStyle,
    OptionalLong memtableLimitBytes) {

  static StoreOptions of(RocksDbOptionsFile file) throws IOException {
    return new StoreOptions(
        file.number(RocksDbOptionsFile.DEFAULT_CF, "write_buffer_size"),
        file.number(RocksDbOptionsFile.DEFAULT_CF, "max_write_buffer_number"),
        file.number(RocksDbOptionsFile.DEFAULT_BLOCK_BASED_TABLE, "block_size"),
        file.string(RocksDbOptionsFile.DEFAULT_CF, "compaction_style"),
        memtableLimit(file));
  }

  private static OptionalLong memtableLimit(RocksDbOptionsFile file) throws IOException {
    long total = 0;
    for (String family : file.columnFamilies()) {
      OptionalLong size = file.number(family, "write_buffer_size");
      OptionalLong count = file.number(family, "max_write_buffer_number");
      if (size.isEmpty() || count.isEmpty()) {
        return OptionalLong.empty();
      }
      total += size.getAsLong() * count.getAsLong();
    }
    return total == 0 ? OptionalLong.empty() : OptionalLong.of(total);
  }
}
