package io.kshealth.collectors.process;

import io.kshealth.core.collect.Collector;
import io.kshealth.core.collect.CollectorContext;
import io.kshealth.core.collect.CollectorSettings;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Which process to watch: a PID (the agent itself when empty and no pattern is given), or the
 * process whose command line matches a pattern, found again when it restarts.
 */
record ProcessSettings(OptionalLong pid, Pattern match, Path procRoot)
    implements CollectorSettings {

  static final Path PROC = Path.of("/proc");

  @Override
  public Collector create(CollectorContext context) {
    return new ProcessCollector(this, context.name());
  }

  @Override
  public String toString() {
    if (match != null) {
      return "process whose command line matches '" + match + "'";
    }
    return pid.isPresent() ? "pid " + pid.getAsLong() : "the agent's own process";
  }
}
