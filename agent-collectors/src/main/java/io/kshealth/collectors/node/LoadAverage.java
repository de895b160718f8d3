package io.kshealth.collectors.node;

import io.kshealth.collectors.support.proc.ProcFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /proc/loadavg}: the run queue (runnable plus uninterruptible tasks) averaged over 1, 5 and
 * 15 minutes. The fields after those three (running/total tasks, last PID) are not used.
 */
record LoadAverage(double load1, double load5, double load15) {

  private static final Pattern LINE =
      Pattern.compile("([0-9]+\\.[0-9]+) ([0-9]+\\.[0-9]+) ([0-9]+\\.[0-9]+)(?: .*)?");

  static LoadAverage read(Path file) throws IOException {
    String line = ProcFile.firstLine(file);
    Matcher m = LINE.matcher(line.trim());
    if (!m.matches()) {
      throw ProcFile.malformed(file, 1, "load1 load5 load15 running/total last-pid", line);
    }
    return new LoadAverage(
        Double.parseDouble(m.group(1)),
        Double.parseDouble(m.group(2)),
        Double.parseDouble(m.group(3)));
  }
}
