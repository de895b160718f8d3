package io.kshealth.collectors.node;

import io.kshealth.collectors.support.proc.ProcFile;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /proc/sys/fs/file-nr}: file handles allocated host-wide, and the limit ({@code
 * fs.file-max}). The middle field, allocated but unused handles, has been 0 since kernel 2.6, so
 * allocated is what is in use.
 */
record FileNr(long allocated, long max) {

  private static final Pattern LINE = Pattern.compile("([0-9]+)\\s+[0-9]+\\s+([0-9]+)");

  /**
   * Empty when the file is absent: some sandboxes hide {@code /proc/sys}, and the rest of the host
   * is still worth reporting.
   */
  static Optional<FileNr> read(Path file) throws IOException {
    String line;
    try {
      line = ProcFile.firstLine(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    Matcher m = LINE.matcher(line.trim());
    if (!m.matches()) {
      throw ProcFile.malformed(file, 1, "allocated unused max", line);
    }
    try {
      return Optional.of(new FileNr(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
    } catch (NumberFormatException e) {
      throw ProcFile.malformed(file, 1, "allocated unused max", line);
    }
  }
}
