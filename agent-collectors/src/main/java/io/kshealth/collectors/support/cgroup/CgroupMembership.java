package io.kshealth.collectors.support.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A process's place in each cgroup hierarchy, from {@code /proc/<pid>/cgroup}: one line per
 * hierarchy, {@code id:controllers:path}. v1 hierarchies have an id above 0 and list their
 * controllers ({@code 4:cpu,cpuacct:/docker/3f2a}); the v2 tree is the line {@code 0::/path}, which
 * hybrid hosts print as well, so it alone does not mean the controllers are on v2.
 */
record CgroupMembership(List<Line> lines) {

  /**
   * One hierarchy.
   *
   * @param path the cgroup, relative to the reader's cgroup namespace
   */
  record Line(int id, List<String> controllers, String path) {}

  /** What v2 appends to the path of a cgroup that was removed while the process was in it. */
  private static final String DELETED = " (deleted)";

  static CgroupMembership read(Path file) throws IOException {
    List<Line> lines = new ArrayList<>();
    for (String text : Files.readAllLines(file)) {
      if (text.isEmpty()) {
        continue;
      }
      String[] f = text.split(":", 3);
      int id;
      try {
        id = f.length == 3 && f[2].startsWith("/") ? Integer.parseInt(f[0]) : -1;
      } catch (NumberFormatException e) {
        id = -1;
      }
      if (id < 0) {
        throw new IOException(file + ": expected 'id:controllers:/path', got '" + text + "'");
      }
      String path =
          f[2].endsWith(DELETED) ? f[2].substring(0, f[2].length() - DELETED.length()) : f[2];
      lines.add(new Line(id, f[1].isEmpty() ? List.of() : List.of(f[1].split(",")), path));
    }
    return new CgroupMembership(List.copyOf(lines));
  }

  /** The v1 hierarchy that has the controller. */
  Optional<Line> v1(String controller) {
    return lines.stream()
        .filter(l -> l.id() > 0 && l.controllers().contains(controller))
        .findFirst();
  }

  /** The {@code 0::} line. */
  Optional<Line> v2() {
    return lines.stream().filter(l -> l.id() == 0 && l.controllers().isEmpty()).findFirst();
  }
}
