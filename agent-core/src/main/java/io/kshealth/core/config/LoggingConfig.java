package io.kshealth.core.config;

/** The agent's log level and format: plain text for people, JSON lines for log pipelines. */
public record LoggingConfig(Level level, Format format) {

  public enum Level {
    TRACE,
    DEBUG,
    INFO,
    WARN,
    ERROR
  }

  public enum Format {
    TEXT,
    JSON
  }

  public static final LoggingConfig DEFAULT = new LoggingConfig(Level.INFO, Format.TEXT);
}
