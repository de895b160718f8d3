package io.kshealth.collectors.support.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** {@code /proc/<pid>/limits}: the soft limit on open files. */
final class ProcLimits {

  private static final String MAX_OPEN_FILES = "Max open files";

  private ProcLimits() {}

  /** Empty when the limit is "unlimited". */
  static OptionalLong maxOpenFiles(Path file) throws IOException {
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith(MAX_OPEN_FILES)) {
        String soft = line.substring(MAX_OPEN_FILES.length()).trim().split("\\s+")[0];
        return soft.equals("unlimited")
            ? OptionalLong.empty()
            : OptionalLong.of(Long.parseLong(soft));
      }
    }
    return OptionalLong.empty();
  }
}
