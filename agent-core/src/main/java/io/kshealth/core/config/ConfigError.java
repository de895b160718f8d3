package io.kshealth.core.config;

/**
 * One problem in a config file, at a position (1-based line and column; 0 when the problem has no
 * position, such as a file that cannot be read) and a field path such as {@code
 * collectors.agent.interval}.
 */
public record ConfigError(String file, int line, int column, String path, String message) {

  /**
   * The error for a file whose loading exhausted the stack or the heap. The limits of {@link
   * YamlLimits} keep YAML from doing so; this is the last guard, at the boundary where a command
   * reads a file, so that no input ends in a stack trace.
   */
  public static ConfigError exhausted(String file, VirtualMachineError e) {
    return new ConfigError(
        file,
        0,
        0,
        "",
        e instanceof StackOverflowError
            ? "cannot load: it nests too deeply to read"
            : "cannot load: it does not fit in the heap (-Xmx); make it smaller");
  }

  /** {@code file:line:column: path: message}, the form editors and CI logs link to. */
  public String format() {
    StringBuilder sb = new StringBuilder(file);
    if (line > 0) {
      sb.append(':').append(line).append(':').append(column);
    }
    sb.append(": ");
    if (!path.isEmpty()) {
      sb.append(path).append(": ");
    }
    return sb.append(message).toString();
  }
}
