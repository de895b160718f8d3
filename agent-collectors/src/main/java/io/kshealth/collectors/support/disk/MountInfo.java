package io.kshealth.collectors.support.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads {@code /proc/self/mountinfo} (proc(5)), one mount a line:
 *
 * <pre>
 * 36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
 * </pre>
 *
 * <p>mountinfo rather than {@code /proc/mounts} because only mountinfo gives the device number,
 * which is what leads to the disk in {@code /sys/dev/block}.
 */
public final class MountInfo {

  static final Pattern MAJOR_MINOR = Pattern.compile("[0-9]+:[0-9]+");

  /** Mount id, parent id, major:minor, root, mount point, options, then the optional fields. */
  private static final int FIRST_OPTIONAL_FIELD = 6;

  /**
   * One line, every field the agent uses, escapes decoded. The cgroup collector needs the root and
   * super options (a v1 hierarchy's controllers); the disk collector the rest.
   *
   * @param root the part of the filesystem mounted here ({@code /} or, for a container's view of a
   *     cgroup tree, its own cgroup)
   */
  public record Line(
      String majorMinor,
      String root,
      Path mountPoint,
      String fsType,
      String source,
      List<String> superOptions) {}

  private MountInfo() {}

  /** Every mount in {@code file}; a malformed or truncated line fails naming file and line. */
  public static List<Line> lines(Path file) throws IOException {
    List<String> text = Files.readAllLines(file);
    List<Line> lines = new ArrayList<>(text.size());
    for (int i = 0; i < text.size(); i++) {
      lines.add(parse(text.get(i), file + " line " + (i + 1)));
    }
    if (lines.isEmpty()) {
      throw new IOException(file + " is empty");
    }
    return lines;
  }

  static List<Mount> read(Path file) throws IOException {
    List<Mount> mounts = new ArrayList<>();
    for (Line l : lines(file)) {
      mounts.add(new Mount(l.majorMinor(), l.mountPoint(), l.fsType(), l.source()));
    }
    return mounts;
  }

  private static Line parse(String line, String where) throws IOException {
    String[] f = line.split(" ");
    // The optional fields (shared:1, master:2, ...) vary in number; a lone "-" ends them.
    int separator = -1;
    for (int i = FIRST_OPTIONAL_FIELD; i < f.length && separator < 0; i++) {
      if (f[i].equals("-")) {
        separator = i;
      }
    }
    if (separator < 0) {
      throw new IOException(where + ": no ' - ' after the mount options: '" + line + "'");
    }
    // Type, source and super options follow; a line cut short lacks the last of them.
    if (f.length < separator + 4) {
      throw new IOException(
          where + ": expected filesystem type, source and options after ' - ': '" + line + "'");
    }
    if (!MAJOR_MINOR.matcher(f[2]).matches()) {
      throw new IOException(where + ": field 3 is not major:minor: '" + f[2] + "'");
    }
    String mountPoint = unescape(f[4]);
    if (!mountPoint.startsWith("/")) {
      throw new IOException(where + ": mount point is not absolute: '" + mountPoint + "'");
    }
    return new Line(
        f[2],
        unescape(f[3]),
        Path.of(mountPoint),
        unescape(f[separator + 1]),
        unescape(f[separator + 2]),
        List.of(f[separator + 3].split(",")));
  }

  /**
   * Decodes the kernel's octal escapes ({@code \040} for a space): it writes space, tab, newline
   * and backslash that way so that fields stay space-separated and lines newline-separated.
   */
  static String unescape(String field) {
    if (field.indexOf('\\') < 0) {
      return field;
    }
    StringBuilder sb = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && isOctal(field, i + 1, i + 4)) {
        sb.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static boolean isOctal(String s, int from, int to) {
    if (to > s.length()) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '7') {
        return false;
      }
    }
    return true;
  }
}
