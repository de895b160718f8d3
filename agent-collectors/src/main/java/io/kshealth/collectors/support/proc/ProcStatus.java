package io.kshealth.collectors.support.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The fields of {@code /proc/<pid>/status} the agent uses: resident memory, its anonymous part and
 * the thread count.
 */
record ProcStatus(long residentBytes, OptionalLong anonBytes, long threads) {

  static ProcStatus read(Path file) throws IOException {
    long rss = -1;
    long threads = -1;
    OptionalLong anon = OptionalLong.empty();
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith("VmRSS:")) {
        rss = kib(line) * 1024;
      } else if (line.startsWith("RssAnon:")) {
        anon = OptionalLong.of(kib(line) * 1024);
      } else if (line.startsWith("Threads:")) {
        threads = Long.parseLong(line.substring("Threads:".length()).trim());
      }
    }
    if (threads < 0) {
      throw new IOException(file + " has no Threads line");
    }
    // Kernel threads and zombies have no VmRSS line: they hold no user memory.
    return new ProcStatus(Math.max(rss, 0), anon, threads);
  }

  private static long kib(String line) {
    String v = line.substring(line.indexOf(':') + 1).trim();
    return Long.parseLong(v.substring(0, v.indexOf(' ')));
  }
}
