package io.kshealth.collectors.support.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads {@code /proc} text files and words what is wrong with one, naming the file. */
public final class ProcFile {

  private ProcFile() {}

  /**
   * The file's lines. Read as ISO-8859-1, which decodes any byte: {@code /proc} is ASCII, and
   * garbage should fail the parse with a message naming the file, not a bare decoding error.
   */
  public static List<String> lines(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.ISO_8859_1);
  }

  /** The single line of a one-line file such as {@code /proc/loadavg}. */
  public static String firstLine(Path file) throws IOException {
    List<String> lines = lines(file);
    if (lines.isEmpty()) {
      throw malformed(file, "empty file");
    }
    return lines.get(0);
  }

  public static IOException malformed(Path file, String problem) {
    return new IOException(file + ": " + problem);
  }

  /** {@code lineNumber} counts from 1, as editors do. */
  public static IOException malformed(Path file, int lineNumber, String expected, String found) {
    return malformed(
        file, "line " + lineNumber + ": expected '" + expected + "', found '" + found + "'");
  }
}
