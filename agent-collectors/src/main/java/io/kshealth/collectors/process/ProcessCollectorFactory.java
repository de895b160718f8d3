package io.kshealth.collectors.process;

import io.kshealth.core.collect.CollectorFactory;
import io.kshealth.core.collect.CollectorSettings;
import io.kshealth.core.config.ConfigNode;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code type: process}: CPU, memory, threads and file descriptors of one process from {@code
 * /proc}. Options: {@code pid: self | <number>} or {@code match: <regex on the command line>}.
 */
public final class ProcessCollectorFactory implements CollectorFactory {

  @Override
  public String type() {
    return "process";
  }

  @Override
  public CollectorSettings parse(ConfigNode options) {
    String pidText = options.string("pid", null);
    String matchText = options.string("match", null);
    OptionalLong pid = OptionalLong.empty();
    Pattern match = null;
    if (pidText != null && matchText != null) {
      options.error("match", "give either 'pid' or 'match', not both");
    }
    if (pidText != null && !pidText.equals("self")) {
      try {
        long p = Long.parseLong(pidText);
        if (p <= 0) {
          throw new NumberFormatException();
        }
        pid = OptionalLong.of(p);
      } catch (NumberFormatException e) {
        options.error("pid", "invalid value '" + pidText + "': expected 'self' or a process id");
      }
    }
    if (matchText != null) {
      try {
        match = Pattern.compile(matchText);
      } catch (PatternSyntaxException e) {
        options.error(
            "match",
            "invalid value '" + matchText + "': not a regular expression: " + e.getDescription());
      }
    }
    return new ProcessSettings(pid, match, ProcessSettings.PROC);
  }
}
