package io.kshealth.collectors.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The cgroup file systems in a {@code mountinfo} file (proc(5)): {@code 36 35 98:0 /root
 * /mount/point rw,relatime shared:1 - cgroup cgroup rw,memory}. The optional fields vary in number,
 * so the fields after them are counted from the {@code -} separator.
 */
final class CgroupMounts {

  /**
   * One mount of a cgroup hierarchy.
   *
   * @param root the cgroup the mount shows as its top directory, such as {@code /} or {@code
   *     /docker/3f2a} (a container sees only its own part of the tree)
   * @param superOptions for a v1 hierarchy, its controllers among the other options
   */
  record Mount(String root, String mountPoint, boolean v2, Set<String> superOptions) {}

  private CgroupMounts() {}

  /** The cgroup mounts (v1 and v2) in the file, in its order. */
  static List<Mount> read(Path mountinfo) throws IOException {
    List<Mount> mounts = new ArrayList<>();
    List<String> lines = Files.readAllLines(mountinfo);
    for (int i = 0; i < lines.size(); i++) {
      String[] f = lines.get(i).split(" ");
      int dash = List.of(f).indexOf("-");
      // Six fields before the optional ones, then "-", type, source and super options.
      if (dash < 6 || f.length < dash + 4) {
        throw new IOException(
            mountinfo + ": line " + (i + 1) + ": not a mountinfo line: '" + lines.get(i) + "'");
      }
      String type = f[dash + 1];
      if (type.equals("cgroup") || type.equals("cgroup2")) {
        mounts.add(
            new Mount(
                unescape(f[3]),
                unescape(f[4]),
                type.equals("cgroup2"),
                Set.copyOf(Arrays.asList(f[dash + 3].split(",")))));
      }
    }
    return mounts;
  }

  /**
   * The kernel writes space, tab, newline and backslash in paths as octal escapes: {@code \040}.
   */
  static String unescape(String field) {
    if (field.indexOf('\\') < 0) {
      return field;
    }
    StringBuilder sb = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 3 < field.length() && isOctal(field, i + 1)) {
        sb.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static boolean isOctal(String s, int from) {
    for (int i = from; i < from + 3; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '7') {
        return false;
      }
    }
    return true;
  }
}
