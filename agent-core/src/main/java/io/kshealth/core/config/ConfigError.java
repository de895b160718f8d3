package io.kshealth.core.config;

/**
 * One problem in a config file, at a position (1-based line and column; 0 when the problem has no
 * position, such as a file that cannot be read) and a field path such as {@code
 * collectors.agent.interval}.
 */
public record ConfigError(String file, int line, int column, String path, String message) {

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
