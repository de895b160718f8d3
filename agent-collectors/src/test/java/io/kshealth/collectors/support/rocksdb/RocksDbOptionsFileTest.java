package io.kshealth.collectors.support.rocksdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The OPTIONS file RocksDB 10.1.3 wrote for a Kafka Streams 4.3.1 store, and damaged copies of it:
 * every error names the file and the line and quotes the line.
 */
class RocksDbOptionsFileTest {

  static final Path FIXTURES = Path.of("src/test/resources/RocksDbOptionsFileTest");

  @Test
  void readsTheDefaultColumnFamilyOfARealFile() throws IOException {
    StoreOptions o = StoreOptions.of(RocksDbOptionsFile.read(FIXTURES.resolve("OPTIONS-000009")));
    assertEquals(
        new StoreOptions(
            OptionalLong.of(16777216),
            OptionalLong.of(3),
            OptionalLong.of(4096),
            Optional.of("kCompactionStyleUniversal"),
            // default and keyValueWithTimestamp 16 MiB x 3 each, offsets 1 MiB x 2
            OptionalLong.of(2L * 16777216 * 3 + 1048576 * 2)),
        o);
  }

  @Test
  void readsOtherSectionsAsWritten() throws IOException {
    RocksDbOptionsFile f = RocksDbOptionsFile.read(FIXTURES.resolve("OPTIONS-000009"));
    assertEquals(OptionalLong.of(1048576), f.number("CFOptions \"offsets\"", "write_buffer_size"));
    assertEquals(Optional.of("10.1.3"), f.string("Version", "rocksdb_version"));
    assertEquals(Optional.of("-1"), f.string("DBOptions", "max_open_files"));
    assertEquals(Optional.empty(), f.string("DBOptions", "no_such_option"));
    assertEquals(Optional.empty(), f.string("CFOptions \"nope\"", "write_buffer_size"));
    assertEquals(
        Optional.of(
            "{allow_compaction=false;age_for_warm=0;file_temperature_age_thresholds=;"
                + "max_table_files_size=1073741824;}"),
        f.string(RocksDbOptionsFile.DEFAULT_CF, "compaction_options_fifo"));
  }

  @Test
  void damagedFilesFailNamingFileAndLine() {
    assertDamaged(
        "truncated-inside-a-line",
        198,
        "the file ends inside a line (truncated?): '  block_size=40'");
    assertDamaged(
        "truncated-before-default-cf",
        101,
        "the file ends without a [CFOptions \"default\"] section (truncated?)");
    assertDamaged(
        "line-without-equals",
        150,
        "expected key=value or a [section]: '  arena_block_size 1048576'");
    assertDamaged(
        "unclosed-section",
        181,
        "a section header must look like [Name] or [Name \"argument\"]:"
            + " '[TableOptions/BlockBasedTable \"default\"'");
    assertDamaged(
        "bad-number", 129, "write_buffer_size is not a whole number: '  write_buffer_size=16M'");
    assertDamaged(
        "default-cf-not-first",
        102,
        "the first column family must be \"default\", and only the first:"
            + " '[CFOptions \"keyValueWithTimestamp\"]'");
  }

  /** The rules one at a time, each line put into the smallest file RocksDB would accept. */
  @Test
  void eachRuleNamesTheLine() {
    assertRejected("[Version]", "duplicate section: '[Version]'");
    assertRejected("[Bogus]", "unknown section: '[Bogus]'");
    assertRejected("[DBOptions \"x\"]", "unexpected argument: '[DBOptions \"x\"]'");
    assertRejected("[CFOptions]", "the section needs a quoted argument: '[CFOptions]'");
    assertRejected(
        "[CFOptions \"default]",
        "a section argument must be one quoted word at the end: '[CFOptions \"default]'");
    assertRejected(
        "[TableOptions/BlockBasedTable \"x\"]",
        "table options for a column family not declared before:"
            + " '[TableOptions/BlockBasedTable \"x\"]'");
    assertRejected("  =5", "invalid option name '': '  =5'");
    assertRejected("  bad key=5", "invalid option name 'bad key': '  bad key=5'");
    assertRejected(
        "  options_file_version=1.1",
        "duplicate option options_file_version: '  options_file_version=1.1'");
    assertRejected(
        "  nested={a=1;b={c=2;}",
        "unbalanced braces in the value of nested: '  nested={a=1;b={c=2;}'");
    Path file = Path.of("OPTIONS-000001");
    byte[] before = ("a=1\n" + MINIMAL.replace("#HERE\n", "")).getBytes(StandardCharsets.UTF_8);
    assertEquals(
        "OPTIONS-000001:1: an option before the first [section]: 'a=1'",
        assertThrows(IOException.class, () -> RocksDbOptionsFile.parse(file, before)).getMessage());
  }

  private static void assertDamaged(String name, int line, String message) {
    Path file = FIXTURES.resolve(name);
    IOException e =
        assertThrows(IOException.class, () -> StoreOptions.of(RocksDbOptionsFile.read(file)), name);
    assertEquals(file + ":" + line + ": " + message, e.getMessage());
  }

  /** Puts {@code bad} on line 4, inside [Version], and expects the error on that line. */
  private static void assertRejected(String bad, String message) {
    byte[] text = MINIMAL.replace("#HERE", bad).getBytes(StandardCharsets.UTF_8);
    Path file = Path.of("/state/app/0_0/rocksdb/s/OPTIONS-000005");
    IOException e =
        assertThrows(IOException.class, () -> RocksDbOptionsFile.parse(file, text), bad);
    assertEquals(file + ":4: " + message, e.getMessage());
  }

  static final String MINIMAL =
      """
      [Version]
        rocksdb_version=10.1.3
        options_file_version=1.1
      #HERE
      [DBOptions]
        max_open_files=-1
      [CFOptions "default"]
        write_buffer_size=1024 # a comment
        escaped=a\\#b
      """;

  @Test
  void acceptsTheMinimalFileCommentsAndEscapedHashes() throws IOException {
    RocksDbOptionsFile f =
        RocksDbOptionsFile.parse(
            Path.of("x"), MINIMAL.replace("#HERE\n", "").getBytes(StandardCharsets.UTF_8));
    assertEquals(
        OptionalLong.of(1024), f.number(RocksDbOptionsFile.DEFAULT_CF, "write_buffer_size"));
    assertEquals(Optional.of("a\\#b"), f.string(RocksDbOptionsFile.DEFAULT_CF, "escaped"));
    assertEquals(
        OptionalLong.empty(), f.number(RocksDbOptionsFile.DEFAULT_BLOCK_BASED_TABLE, "block_size"));
  }

  @Test
  void rejectsAnEmptyFileAnUnknownVersionAndBytesThatAreNotText() {
    Path file = Path.of("OPTIONS-000001");
    assertEquals(
        "OPTIONS-000001:1: the file is empty: ''",
        assertThrows(IOException.class, () -> RocksDbOptionsFile.parse(file, new byte[0]))
            .getMessage());
    byte[] v2 =
        MINIMAL.replace("#HERE\n", "").replace("=1.1", "=2.0").getBytes(StandardCharsets.UTF_8);
    assertEquals(
        "OPTIONS-000001:3: expected options_file_version 1.x in [Version]:"
            + " '  options_file_version=2.0'",
        assertThrows(IOException.class, () -> RocksDbOptionsFile.parse(file, v2)).getMessage());
    byte[] binary = {'[', 'V', 'e', 'r', 's', 'i', 'o', 'n', ']', '\n', (byte) 0xC3, '\n'};
    assertEquals(
        "OPTIONS-000001:2: not UTF-8 text: '\uFFFD'",
        assertThrows(IOException.class, () -> RocksDbOptionsFile.parse(file, binary)).getMessage());
  }
}
