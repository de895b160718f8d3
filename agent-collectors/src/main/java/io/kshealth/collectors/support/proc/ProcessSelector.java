package io.kshealth.collectors.support.proc;

import io.kshealth.api.ConfigSection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * Which process a collector watches, as chosen by the options {@code pid: self | <number>} or
 * {@code match: <regex on the command line>}: the agent itself by default, a fixed PID, or the
 * process whose command line matches, found again when it restarts. Immutable; shared by every
 * collector type that watches one process.
 */
public final class ProcessSelector {

  private static final ProcessSelector SELF = new ProcessSelector(OptionalLong.empty(), null);

  private final OptionalLong pid;
  private final @Nullable Pattern match;

  private ProcessSelector(OptionalLong pid, @Nullable Pattern match) {
    this.pid = pid;
    this.match = match;
  }

  /** The agent's own process. */
  public static ProcessSelector self() {
    return SELF;
  }

  public static ProcessSelector pid(long pid) {
    if (pid <= 0) {
      throw new IllegalArgumentException("not a process id: " + pid);
    }
    return new ProcessSelector(OptionalLong.of(pid), null);
  }

  /** The oldest process, other than the agent, whose command line matches. */
  public static ProcessSelector matching(Pattern match) {
    return new ProcessSelector(OptionalLong.empty(), match);
  }

  /**
   * Reads {@code pid} and {@code match} from a collector's options, reporting a bad value, or both
   * keys at once, through {@link ConfigSection#error}; after an error the result is only a
   * stand-in.
   */
  public static ProcessSelector parse(ConfigSection options) {
    @Nullable String pidText = options.optionalString("pid").orElse(null);
    @Nullable String matchText = options.optionalString("match").orElse(null);
    if (pidText != null && matchText != null) {
      options.error("match", "give either 'pid' or 'match', not both");
    }
    ProcessSelector chosen = SELF;
    if (pidText != null && !pidText.equals("self")) {
      try {
        chosen = pid(Long.parseLong(pidText));
      } catch (IllegalArgumentException e) {
        options.error("pid", "invalid value '" + pidText + "': expected 'self' or a process id");
      }
    }
    if (matchText != null) {
      try {
        chosen = matching(Pattern.compile(matchText));
      } catch (PatternSyntaxException e) {
        options.error(
            "match",
            "invalid value '" + matchText + "': not a regular expression: " + e.getDescription());
      }
    }
    return chosen;
  }

  /**
   * The selected process's id right now, or empty when it is not there. A match sticks to {@code
   * previous} (the last answer) while that process lives: scanning every command line of a busy
   * host on each run would cost more than the rest of a collector's run, for the same answer.
   *
   * @param proc the {@code /proc} tree to look in
   * @param selfPid the agent's own process id, never taken as a match
   * @param previous what this returned on the collector's last run
   */
  public OptionalLong resolve(Path proc, long selfPid, OptionalLong previous) throws IOException {
    if (match == null) {
      long p = pid.orElse(selfPid);
      return exists(proc, p) ? OptionalLong.of(p) : OptionalLong.empty();
    }
    if (previous.isPresent() && exists(proc, previous.getAsLong())) {
      return previous;
    }
    return new ProcessFinder(proc)
        .findByCommandLine(match, selfPid)
        .map(OptionalLong::of)
        .orElse(OptionalLong.empty());
  }

  private static boolean exists(Path proc, long pid) {
    return Files.isDirectory(proc.resolve(Long.toString(pid)));
  }

  @Override
  public String toString() {
    if (match != null) {
      return "process whose command line matches '" + match + "'";
    }
    return pid.isPresent() ? "pid " + pid.getAsLong() : "the agent's own process";
  }
}
