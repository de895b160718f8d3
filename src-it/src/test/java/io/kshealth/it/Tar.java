package io.kshealth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A .tar.gz through GNU tar, as a user would list and unpack it. */
final class Tar {

  /** {@code -rwxr-xr-x root/root 1012 2026-11-22 05:11 kshealth-0.1.0/bin/kshealth}. */
  private static final Pattern LISTING =
      Pattern.compile("^(\\S{10})\\s+\\S+\\s+(\\d+)\\s+\\S+\\s+\\S+\\s+(.+?)(?: -> .*)?$");

  /** One entry; {@code mode} as ls prints it. */
  record Entry(String mode, long size, String name) {

    boolean isFile() {
      return mode.charAt(0) == '-';
    }

    /** The owner's execute bit, 0100. */
    boolean ownerExecutable() {
      return mode.charAt(3) == 'x' || mode.charAt(3) == 's';
    }

    /** The name without a trailing slash. */
    String path() {
      return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    }
  }

  private Tar() {}

  /** {@code tar tvzf}. */
  static List<Entry> list(Path tarGz) throws IOException, InterruptedException {
    return tar("tvzf", tarGz.toString()).stdoutLines().stream().map(Tar::entry).toList();
  }

  /** {@code tar xzf TARGZ -C DIR}. */
  static void extract(Path tarGz, Path dir) throws IOException, InterruptedException {
    tar("xzf", tarGz.toString(), "-C", dir.toString());
  }

  private static Exec.Result tar(String... args) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(Tools.host("tar", "tar"));
    builder.command().addAll(List.of(args));
    Exec.Result result = Exec.run(builder);
    assertEquals(0, result.exitCode(), result::describe);
    return result;
  }

  private static Entry entry(String line) {
    Matcher matcher = LISTING.matcher(line);
    if (!matcher.matches()) {
      throw new AssertionError("unexpected tar tvzf line: " + line);
    }
    return new Entry(matcher.group(1), Long.parseLong(matcher.group(2)), matcher.group(3));
  }
}
