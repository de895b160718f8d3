package io.kshealth.collectors.support.rocksdb;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A RocksDB {@code OPTIONS-NNNNNN} file, read strictly: the INI-like text RocksDB writes beside
 * every database when it opens it or changes an option. Sections are {@code [Version]}, {@code
 * [DBOptions]}, {@code [CFOptions "<family>"]} and {@code [TableOptions/<Factory> "<family>"]};
 * statements are {@code key=value}, one per line; {@code #} starts a comment unless escaped.
 *
 * <p>Read here rather than through rocksdbjni's {@code OptionsUtil}: that would load RocksDB's
 * native library into the agent (bench/rocksdb-options.sh measures the difference). Strict because
 * RocksDB writes these files whole (to a temporary name, then renamed): anything that does not
 * parse is corruption or a format we do not know, and a guessed number is worse than an error.
 */
final class RocksDbOptionsFile {

  static final String DEFAULT_CF = "CFOptions \"default\"";
  static final String DEFAULT_BLOCK_BASED_TABLE = "TableOptions/BlockBasedTable \"default\"";

  /** Real files are about 17 KiB for three column families; anything this large is not one. */
  static final int MAX_BYTES = 1 << 20;

  /** RocksDB's option names are identifiers; a dot would join a nested option to its parent. */
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.]+");

  private static final Pattern TABLE_FACTORY = Pattern.compile("TableOptions/[A-Za-z0-9_]+");
  private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]+");

  /** A value and where it was written, so that a bad value can be reported like a bad line. */
  private record Value(String text, int line, String raw) {}

  private final Path file;
  private final Map<String, Map<String, Value>> sections;

  private RocksDbOptionsFile(Path file, Map<String, Map<String, Value>> sections) {
    this.file = file;
    this.sections = sections;
  }

  /** Reads and parses a file; opens it for reading only. */
  static RocksDbOptionsFile read(Path file) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    }
    if (bytes.length > MAX_BYTES) {
      throw new IOException(file + ": larger than " + MAX_BYTES + " bytes, not an OPTIONS file");
    }
    return parse(file, bytes);
  }

  /**
   * Parses a file's bytes; {@code file} only names it in errors.
   *
   * @throws IOException naming file and line, and quoting the line, at the first problem
   */
  static RocksDbOptionsFile parse(Path file, byte[] bytes) throws IOException {
    return new Parser(file).parse(bytes);
  }

  /** The value of a key in a section such as {@link #DEFAULT_CF}; empty when either is absent. */
  Optional<String> string(String section, String key) {
    return value(section, key).map(Value::text);
  }

  /** A whole-number value; empty when absent, an error naming the line when not a number. */
  OptionalLong number(String section, String key) throws IOException {
    Optional<Value> v = value(section, key);
    if (v.isEmpty()) {
      return OptionalLong.empty();
    }
    if (WHOLE_NUMBER.matcher(v.get().text()).matches()) {
      try {
        return OptionalLong.of(Long.parseLong(v.get().text()));
      } catch (NumberFormatException e) {
        // Out of range: reported below like any other bad value.
      }
    }
    throw error(file, v.get().line(), key + " is not a whole number", v.get().raw());
  }

  /** The sections of the file's column families ({@code CFOptions "<family>"}), in file order. */
  List<String> columnFamilies() {
    return sections.keySet().stream().filter(s -> s.startsWith("CFOptions \"")).toList();
  }

  private Optional<Value> value(String section, String key) {
    return Optional.ofNullable(sections.getOrDefault(section, Map.of()).get(key));
  }

  private static IOException error(Path file, int line, String message, String raw) {
    return new IOException(file + ":" + line + ": " + message + ": '" + raw + "'");
  }

  /** One pass over the lines; checks the section rules RocksDB's own parser checks, and more. */
  private static final class Parser {
    private final Path file;
    private final Map<String, Map<String, Value>> sections = new LinkedHashMap<>();
    private final Set<String> families = new HashSet<>();

    /** The section being read; null before the first header. */
    private @Nullable Map<String, Value> current;

    private int lineNumber;
    private String raw = "";
    private final CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    Parser(Path file) {
      this.file = file;
    }

    RocksDbOptionsFile parse(byte[] bytes) throws IOException {
      if (bytes.length == 0) {
        lineNumber = 1;
        throw fail("the file is empty");
      }
      int start = 0;
      while (start < bytes.length) {
        lineNumber++;
        int end = indexOf(bytes, (byte) '\n', start);
        raw = decode(bytes, start, end < 0 ? bytes.length : end);
        if (end < 0) {
          // RocksDB ends every file with a newline: without one, the last line may be cut short
          // (block_size=40 read from a file cut inside block_size=4096).
          throw fail("the file ends inside a line (truncated?)");
        }
        line(stripComment(raw).strip());
        start = end + 1;
      }
      Map<String, Value> versionSection = requireSection("Version");
      requireSection("DBOptions");
      requireSection(DEFAULT_CF);
      Value version = versionSection.get("options_file_version");
      if (version == null || !version.text().matches("1\\.[0-9]+")) {
        lineNumber = version == null ? lineNumber : version.line();
        raw = version == null ? raw : version.raw();
        throw fail("expected options_file_version 1.x in [Version]");
      }
      return new RocksDbOptionsFile(file, sections);
    }

    private void line(String text) throws IOException {
      if (text.isEmpty()) {
        return;
      }
      if (text.startsWith("[")) {
        section(text);
        return;
      }
      int eq = text.indexOf('=');
      if (eq < 0) {
        throw fail("expected key=value or a [section]");
      }
      String key = text.substring(0, eq).strip();
      String value = text.substring(eq + 1).strip();
      if (!KEY.matcher(key).matches()) {
        throw fail("invalid option name '" + key + "'");
      }
      if (current == null) {
        throw fail("an option before the first [section]");
      }
      if (!balancedBraces(value)) {
        throw fail("unbalanced braces in the value of " + key);
      }
      if (current.putIfAbsent(key, new Value(value, lineNumber, raw)) != null) {
        throw fail("duplicate option " + key);
      }
    }

    private void section(String text) throws IOException {
      if (!text.endsWith("]") || text.length() < 3) {
        throw fail("a section header must look like [Name] or [Name \"argument\"]");
      }
      String inner = text.substring(1, text.length() - 1);
      int open = inner.indexOf('"');
      int close = inner.lastIndexOf('"');
      String title = (open < 0 ? inner : inner.substring(0, open)).strip();
      @Nullable String argument = null;
      if (open >= 0) {
        if (close == open || !inner.substring(close + 1).isBlank()) {
          throw fail("a section argument must be one quoted word at the end");
        }
        argument = inner.substring(open + 1, close);
      }
      boolean takesArgument = title.equals("CFOptions") || TABLE_FACTORY.matcher(title).matches();
      if (!takesArgument && !title.equals("Version") && !title.equals("DBOptions")) {
        throw fail("unknown section");
      }
      if (takesArgument != (argument != null)) {
        throw fail(takesArgument ? "the section needs a quoted argument" : "unexpected argument");
      }
      if (title.equals("CFOptions")) {
        // The rules of RocksDB's parser: "default" first, each family once.
        if (families.isEmpty() != "default".equals(argument)) {
          throw fail("the first column family must be \"default\", and only the first");
        }
        families.add(argument);
      } else if (argument != null && !families.contains(argument)) {
        throw fail("table options for a column family not declared before");
      }
      String name = argument == null ? title : title + " \"" + argument + "\"";
      current = new LinkedHashMap<>();
      if (sections.putIfAbsent(name, current) != null) {
        throw fail("duplicate section");
      }
    }

    private Map<String, Value> requireSection(String name) throws IOException {
      Map<String, Value> section = sections.get(name);
      if (section == null) {
        // No line is at fault: name the last one, where the section should have come by.
        throw new IOException(
            file
                + ":"
                + lineNumber
                + ": the file ends without a ["
                + name
                + "] section"
                + " (truncated?)");
      }
      return section;
    }

    private IOException fail(String message) {
      return error(file, lineNumber, message, raw);
    }

    private String decode(byte[] bytes, int from, int to) throws IOException {
      try {
        return utf8.decode(ByteBuffer.wrap(bytes, from, to - from)).toString();
      } catch (CharacterCodingException e) {
        raw = new String(bytes, from, to - from, StandardCharsets.UTF_8);
        throw fail("not UTF-8 text");
      }
    }
  }

  /** Text before the first {@code #} that is not escaped with a backslash, as RocksDB reads it. */
  static String stripComment(String line) {
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == '#' && (i == 0 || line.charAt(i - 1) != '\\')) {
        return line.substring(0, i);
      }
    }
    return line;
  }

  /** Nested options such as {@code compression_opts={level=32767;...}} open and close in-line. */
  private static boolean balancedBraces(String value) {
    int depth = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      depth += c == '{' ? 1 : c == '}' ? -1 : 0;
      if (depth < 0) {
        return false;
      }
    }
    return depth == 0;
  }

  private static int indexOf(byte[] bytes, byte b, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
