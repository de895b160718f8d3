package io.kshealth.collectors.support.rocksdb;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The other side of bench/rocksdb-options.sh: the options of every RocksDB directory given, through
 * the state-dir collector's own parser (in its package, {@code collectors.support.rocksdb}, to
 * reach the package-private classes; the script compiles it beside agent-collectors/target/classes).
 * Prints what RocksDbOptionsUtil prints. With no directories it loads nothing: the baseline of an
 * idle JVM.
 */
public class RocksDbOptionsParser {

  public static void main(String[] args) throws Exception {
    long start = System.nanoTime();
    String values = "";
    for (String db : args) {
      StoreOptions o = StoreOptions.of(RocksDbOptionsFile.read(newestOptions(Path.of(db))));
      values =
          " write_buffer_size=" + o.writeBufferSize().orElse(-1)
              + " max_write_buffer_number=" + o.maxWriteBuffers().orElse(-1)
              + " block_size=" + o.blockSize().orElse(-1)
              + " compaction_style=" + o.compactionStyle().orElse("none");
    }
    double loadMs = (System.nanoTime() - start) / 1e6;
    System.out.printf(
        "stores=%d%s load_ms=%.1f %s tmp_bytes=0%n", args.length, values, loadMs, memory());
  }

  /** The highest-numbered OPTIONS file, as OptionsUtil.loadLatestOptions picks it. */
  static Path newestOptions(Path db) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(db)) {
      for (Path p : s) {
        if (p.getFileName().toString().matches("OPTIONS-[0-9]{1,18}")) {
          files.add(p);
        }
      }
    }
    return files.stream()
        .max(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().substring(8))))
        .orElseThrow(() -> new IOException(db + " has no OPTIONS file"));
  }

  /** VmRSS, RssAnon and RssFile of this process, in MiB. */
  static String memory() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      String[] f = line.split("\\s+");
      if (f[0].equals("VmRSS:") || f[0].equals("RssAnon:") || f[0].equals("RssFile:")) {
        String name = f[0].replace(":", "").toLowerCase();
        sb.append(String.format(" %s_mib=%.1f", name, Long.parseLong(f[1]) / 1024.0));
      }
    }
    return sb.toString().strip();
  }
}
