package io.kshealth.core.config;

import java.util.List;

/** The whole agent configuration, parsed once from one YAML file. */
public record AgentConfig(
    String source,
    HttpConfig http,
    LoggingConfig logging,
    HistoryConfig history,
    List<CollectorConfig> collectors) {

  public AgentConfig {
    collectors = List.copyOf(collectors);
  }

  /** The same configuration listening elsewhere (the {@code --listen} flag). */
  public AgentConfig withHttp(HttpConfig other) {
    return new AgentConfig(source, other, logging, history, collectors);
  }
}
