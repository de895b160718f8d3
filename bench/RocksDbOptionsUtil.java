import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.ConfigOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.OptionsUtil;

/**
 * One side of bench/rocksdb-options.sh: the options of every RocksDB directory given, through
 * rocksdbjni's OptionsUtil.loadLatestOptions (what the state-dir collector does not use). Prints
 * key=value pairs: what it read, how long loading took, the process's memory afterwards and the
 * bytes the library left in java.io.tmpdir.
 */
public class RocksDbOptionsUtil {

  public static void main(String[] args) throws Exception {
    long start = System.nanoTime();
    String values = "";
    try (ConfigOptions config = new ConfigOptions()) {
      for (String db : args) {
        List<ColumnFamilyDescriptor> families = new ArrayList<>();
        try (DBOptions dbOptions = new DBOptions()) {
          OptionsUtil.loadLatestOptions(config, db, dbOptions, families);
          if (!new String(families.get(0).getName()).equals("default")) {
            throw new IllegalStateException(db + ": the first column family is not default");
          }
          ColumnFamilyOptions cf = families.get(0).getOptions();
          String blockSize =
              cf.tableFormatConfig() instanceof BlockBasedTableConfig t
                  ? Long.toString(t.blockSize())
                  : "none";
          values =
              " write_buffer_size=" + cf.writeBufferSize()
                  + " max_write_buffer_number=" + cf.maxWriteBufferNumber()
                  + " block_size=" + blockSize
                  + " compaction_style=" + cf.compactionStyle();
          for (ColumnFamilyDescriptor family : families) {
            family.getOptions().close();
          }
        }
      }
    }
    double loadMs = (System.nanoTime() - start) / 1e6;
    System.out.printf(
        "stores=%d%s load_ms=%.1f %s tmp_bytes=%d%n",
        args.length, values, loadMs, memory(), tmpBytes());
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

  /** rocksdbjni extracts its native library there before loading it. */
  static long tmpBytes() throws IOException {
    long bytes = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of(System.getProperty("java.io.tmpdir")))) {
      for (Path f : files) {
        bytes += Files.isRegularFile(f) ? Files.size(f) : 0;
      }
    }
    return bytes;
  }
}
