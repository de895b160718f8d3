package io.kshealth.collectors.support.proc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fields of {@code /proc/meminfo} the agent uses, in bytes (the {@code streams} collector takes
 * the host's memory as the limit of a target outside any memory cgroup). MemAvailable is absent
 * before kernel 3.14; the swap fields are read the same way, so that what the kernel does not say
 * stays unsaid.
 */
public record MemInfo(
    long totalBytes,
    OptionalLong availableBytes,
    OptionalLong swapTotalBytes,
    OptionalLong swapFreeBytes) {

  /** {@code Name: value}, with a {@code kB} unit on all but the huge page counts. */
  private static final Pattern LINE = Pattern.compile("([^\\s:]+):\\s+([0-9]+)( kB)?");

  private static final String TOTAL = "MemTotal";
  private static final String AVAILABLE = "MemAvailable";
  private static final String SWAP_TOTAL = "SwapTotal";
  private static final String SWAP_FREE = "SwapFree";
  private static final Set<String> USED = Set.of(TOTAL, AVAILABLE, SWAP_TOTAL, SWAP_FREE);

  public static MemInfo read(Path file) throws IOException {
    List<String> lines = ProcFile.lines(file);
    Map<String, Long> bytes = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher m = LINE.matcher(line.trim());
      if (!m.matches()) {
        throw ProcFile.malformed(file, i + 1, "Name: <number> [kB]", line);
      }
      String name = m.group(1);
      if (USED.contains(name)) {
        // A line cut short in its number loses its unit, so a used line must carry one.
        if (m.group(3) == null) {
          throw ProcFile.malformed(file, i + 1, name + ": <number> kB", line);
        }
        try {
          bytes.put(name, Math.multiplyExact(Long.parseLong(m.group(2)), 1024));
        } catch (NumberFormatException | ArithmeticException e) {
          throw ProcFile.malformed(file, i + 1, name + ": <number> kB", line);
        }
      }
    }
    // Every kernel writes MemTotal; without it this is not a meminfo file, or it is empty.
    if (!bytes.containsKey(TOTAL)) {
      throw ProcFile.malformed(file, "no MemTotal line");
    }
    return new MemInfo(
        bytes.get(TOTAL),
        optional(bytes, AVAILABLE),
        optional(bytes, SWAP_TOTAL),
        optional(bytes, SWAP_FREE));
  }

  private static OptionalLong optional(Map<String, Long> bytes, String name) {
    Long value = bytes.get(name);
    return value == null ? OptionalLong.empty() : OptionalLong.of(value);
  }
}
