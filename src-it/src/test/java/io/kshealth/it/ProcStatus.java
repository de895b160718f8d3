package io.kshealth.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a process's resident memory the way {@code ps} does, as the tests' ground truth. */
final class ProcStatus {

  private ProcStatus() {}

  static double residentBytes(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024.0;
      }
    }
    throw new IOException("no VmRSS for pid " + pid);
  }
}
