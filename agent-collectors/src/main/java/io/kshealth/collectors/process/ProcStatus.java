package io.kshealth.collectors.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The fields of {@code /proc/<pid>/status} the agent uses: resident memory and thread count. */
record ProcStatus(long residentBytes, long threads) {

  static ProcStatus read(Path file) throws IOException {
    long rss = -1;
    long threads = -1;
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith("VmRSS:")) {
        rss = kib(line) * 1024;
      } else if (line.startsWith("Threads:")) {
        threads = Long.parseLong(line.substring("Threads:".length()).trim());
      }
    }
    if (threads < 0) {
      throw new IOException(file + " has no Threads line");
    }
    // Kernel threads and zombies have no VmRSS line: they hold no user memory.
    return new ProcStatus(Math.max(rss, 0), threads);
  }

  private static long kib(String line) {
    String v = line.substring(line.indexOf(':') + 1).trim();
    return Long.parseLong(v.substring(0, v.indexOf(' ')));
  }
}
