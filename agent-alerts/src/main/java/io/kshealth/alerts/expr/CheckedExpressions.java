package io.kshealth.alerts.expr;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelProtoAbstractSyntaxTree;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.expr.CheckedExpr;
import dev.cel.runtime.CelRuntimeFactory;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.CodeSource;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Type-checked rule expressions kept in a file from one start to the next ({@code
 * alerting.rules-cache}), so that a start whose expressions were all checked before neither builds
 * CEL's compiler nor parses and type-checks them: that was 0.6 s of the agent's start on two cores
 * (docs/benchmarks.md), before it serves.
 *
 * <p>An expression is its source text after the rule pack's parameters are put in; the file keeps
 * it with CEL's protobuf form of its checked syntax tree, and is valid only for the exact jars that
 * wrote it (their names, sizes and times: the agent's rule language and CEL's), since a checked
 * tree names the function overloads of the code that checked it. A file that is missing,
 * unreadable, damaged or written by other jars is ignored, never an error: every expression is then
 * compiled as without it. Once the rules are loaded, the file is rewritten (to a temporary file,
 * then moved over it) with exactly this start's expressions when anything had to be compiled; where
 * it cannot be written (a read-only install), it is only read.
 */
public final class CheckedExpressions {

  private static final Logger log = LoggerFactory.getLogger(CheckedExpressions.class);

  static final String FORMAT = "kshealth checked expressions 1";

  /** Far above the pack's few hundred expressions: a count beyond is a damaged file. */
  static final int MAX_ENTRIES = 100_000;

  /** A checked tree's protobuf bytes; an expression's source is bounded by the rule language. */
  static final int MAX_TREE_BYTES = 1 << 20;

  private final Optional<Path> file;
  private final String fingerprint;
  private final Map<String, CheckedExpr> stored;
  private final Map<String, CheckedExpr> used = new LinkedHashMap<>();
  private boolean compiled;

  private CheckedExpressions(Optional<Path> file, String fingerprint, Map<String, CheckedExpr> in) {
    this.file = file;
    this.fingerprint = fingerprint;
    this.stored = in;
  }

  /** No file: every expression is compiled. */
  public static CheckedExpressions none() {
    return new CheckedExpressions(Optional.empty(), "", Map.of());
  }

  /**
   * The expressions {@code file} holds for the jars this agent runs from; none (and nothing kept)
   * when the agent does not run from jars (a build's class directories change without a trace).
   */
  public static CheckedExpressions open(Path file) {
    return codeFingerprint().map(f -> open(file, f)).orElseGet(CheckedExpressions::none);
  }

  static CheckedExpressions open(Path file, String fingerprint) {
    return new CheckedExpressions(Optional.of(file), fingerprint, read(file, fingerprint));
  }

  /** The checked tree of {@code source} as the file holds it. */
  synchronized Optional<CelAbstractSyntaxTree> get(String source) {
    CheckedExpr checked = stored.get(source);
    if (checked == null) {
      return Optional.empty();
    }
    try {
      CelAbstractSyntaxTree ast = CelProtoAbstractSyntaxTree.fromCheckedExpr(checked).getAst();
      used.put(source, checked);
      return Optional.of(ast);
    } catch (RuntimeException e) {
      log.debug("A kept expression could not be read back; it is compiled again: {}", source, e);
      return Optional.empty();
    }
  }

  /** Keeps what the compiler made of {@code source}. */
  synchronized void put(String source, CelAbstractSyntaxTree ast) {
    if (file.isPresent()) {
      used.put(source, CelProtoAbstractSyntaxTree.fromCelAst(ast).toCheckedExpr());
      compiled = true;
    }
  }

  /** Writes this start's expressions over the file, when any had to be compiled. */
  public synchronized void save() {
    if (file.isEmpty() || !compiled) {
      return;
    }
    Path target = file.get();
    Path temporary = null;
    try {
      // A name of its own: agents sharing an install may save at once.
      temporary =
          Files.createTempFile(
              target.toAbsolutePath().getParent(), target.getFileName() + ".", ".tmp");
      try (OutputStream out = Files.newOutputStream(temporary)) {
        write(out);
      }
      readableByAll(temporary);
      Files.move(
          temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      compiled = false;
    } catch (IOException e) {
      log.debug("The checked expressions could not be kept in {}: {}", target, e.toString());
      try {
        if (temporary != null) {
          Files.deleteIfExists(temporary);
        }
      } catch (IOException ignored) {
        // Nothing was written there either.
      }
    }
  }

  /**
   * A temporary file is its owner's alone; the file made when an image is built (by root) is read
   * by the agent's own user.
   */
  private static void readableByAll(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: its default permissions stand.
    }
  }

  /** How many of this start's expressions came from the file rather than the compiler. */
  synchronized int reused() {
    return (int) used.keySet().stream().filter(stored::containsKey).count();
  }

  /** This start's expressions and their checked trees, as the file will hold them. */
  synchronized Map<String, CheckedExpr> thisStart() {
    return Map.copyOf(used);
  }

  /** The header, the entries, then a CRC-32 of both: a damaged entry could still parse. */
  private void write(OutputStream target) throws IOException {
    BufferedOutputStream buffered = new BufferedOutputStream(target);
    CheckedOutputStream summed = new CheckedOutputStream(buffered, new CRC32());
    DataOutputStream out = new DataOutputStream(summed);
    out.writeUTF(FORMAT);
    out.writeUTF(fingerprint);
    out.writeInt(used.size());
    for (Map.Entry<String, CheckedExpr> e : used.entrySet()) {
      writeBytes(out, e.getKey().getBytes(StandardCharsets.UTF_8));
      writeBytes(out, e.getValue().toByteArray());
    }
    out.flush();
    new DataOutputStream(buffered).writeLong(summed.getChecksum().getValue());
    buffered.flush();
  }

  private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static Map<String, CheckedExpr> read(Path file, String fingerprint) {
    try (InputStream raw = Files.newInputStream(file)) {
      BufferedInputStream buffered = new BufferedInputStream(raw);
      CheckedInputStream summed = new CheckedInputStream(buffered, new CRC32());
      DataInputStream in = new DataInputStream(summed);
      if (!in.readUTF().equals(FORMAT) || !in.readUTF().equals(fingerprint)) {
        return Map.of();
      }
      int count = in.readInt();
      if (count < 0 || count > MAX_ENTRIES) {
        throw new IOException("an entry count of " + count);
      }
      Map<String, CheckedExpr> read = new HashMap<>();
      for (int i = 0; i < count; i++) {
        String source =
            new String(readBytes(in, ExpressionBounds.MAX_LENGTH * 4), StandardCharsets.UTF_8);
        read.put(source, CheckedExpr.parseFrom(readBytes(in, MAX_TREE_BYTES)));
      }
      long sum = summed.getChecksum().getValue();
      if (new DataInputStream(buffered).readLong() != sum) {
        throw new IOException("a checksum that does not match");
      }
      return read;
    } catch (NoSuchFileException e) {
      return Map.of();
    } catch (IOException | RuntimeException e) {
      log.debug("Ignoring the checked expressions in {}: {}", file, e.toString());
      return Map.of();
    }
  }

  private static byte[] readBytes(DataInputStream in, int max) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > max) {
      throw new IOException("a length of " + length);
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return bytes;
  }

  /**
   * The jars of the rule language and of CEL: name, size and time of each, or empty when one is not
   * a jar file.
   */
  static Optional<String> codeFingerprint() {
    StringBuilder f = new StringBuilder();
    for (Class<?> c :
        List.of(
            RuleLanguage.class,
            CelCompilerFactory.class,
            CelRuntimeFactory.class,
            CelAbstractSyntaxTree.class,
            CelProtoAbstractSyntaxTree.class)) {
      CodeSource source = c.getProtectionDomain().getCodeSource();
      try {
        Path jar = source == null ? null : Path.of(source.getLocation().toURI());
        if (jar == null || !Files.isRegularFile(jar)) {
          return Optional.empty();
        }
        f.append(jar.getFileName())
            .append(':')
            .append(Files.size(jar))
            .append(':')
            .append(Files.getLastModifiedTime(jar).toMillis())
            .append(';');
      } catch (IOException | URISyntaxException | RuntimeException e) {
        return Optional.empty();
      }
    }
    return Optional.of(f.toString());
  }
}
