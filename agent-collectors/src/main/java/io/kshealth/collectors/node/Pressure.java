package io.kshealth.collectors.node;

import io.kshealth.collectors.support.proc.ProcFile;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A pressure stall information file, {@code /proc/pressure/<resource>}: how long tasks waited for
 * the resource. {@code some}: at least one task waited; {@code full}: all non-idle tasks waited at
 * once.
 *
 * @param kind {@code some} or {@code full}
 * @param avg10 the share of the last 10 seconds spent stalled, 0-1
 * @param totalMicros time spent stalled since boot, in microseconds
 */
record Pressure(String kind, double avg10, long totalMicros) {

  private static final String EXPECTED = "some|full avg10=… avg60=… avg300=… total=…";

  /**
   * The file's lines; none when the file is absent (kernels before 4.20, or built without PSI). The
   * cpu file of kernels before 5.13 has no {@code full} line.
   */
  static List<Pressure> read(Path file) throws IOException {
    List<String> lines;
    try {
      lines = ProcFile.lines(file);
    } catch (NoSuchFileException e) {
      return List.of();
    }
    List<Pressure> result = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Pressure p = parse(lines.get(i), file, i + 1);
      if (result.stream().anyMatch(r -> r.kind.equals(p.kind))) {
        throw ProcFile.malformed(file, "line " + (i + 1) + ": a second '" + p.kind + "' line");
      }
      result.add(p);
    }
    // Every kernel with PSI writes a 'some' line; without it the file was cut short.
    if (result.stream().noneMatch(r -> r.kind.equals("some"))) {
      throw ProcFile.malformed(file, "no 'some' line");
    }
    return result;
  }

  private static Pressure parse(String line, Path file, int lineNumber) throws IOException {
    String[] fields = line.trim().split(" ");
    // Fields are read by name, so that a field a future kernel adds does not break the parse.
    Map<String, String> values = new HashMap<>();
    for (int f = 1; f < fields.length; f++) {
      int eq = fields[f].indexOf('=');
      if (eq > 0) {
        values.put(fields[f].substring(0, eq), fields[f].substring(eq + 1));
      }
    }
    String kind = fields[0];
    if (!(kind.equals("some") || kind.equals("full"))
        || !values.containsKey("avg10")
        || !values.containsKey("total")) {
      throw ProcFile.malformed(file, lineNumber, EXPECTED, line);
    }
    try {
      double avg10 = Double.parseDouble(values.get("avg10"));
      long total = Long.parseLong(values.get("total"));
      if (!(avg10 >= 0 && avg10 <= 100) || total < 0) {
        throw new NumberFormatException();
      }
      // The kernel writes avg10 as a percentage; metrics carry ratios.
      return new Pressure(kind, avg10 / 100, total);
    } catch (NumberFormatException e) {
      throw ProcFile.malformed(file, lineNumber, EXPECTED, line);
    }
  }
}
