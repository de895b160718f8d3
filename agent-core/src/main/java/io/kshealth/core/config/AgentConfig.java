package io.kshealth.core.config;

import io.kshealth.core.extension.ExtensionSettings;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole agent configuration, parsed once from one YAML file.
 *
 * @param extensions the settings of each configured extension, by config section, in file order
 * @param heap the bounds on the agent's data and the heap they need together
 */
public record AgentConfig(
    String source,
    HttpConfig http,
    LoggingConfig logging,
    HistoryConfig history,
    ProbeConfig probes,
    List<CollectorConfig> collectors,
    Map<String, ExtensionSettings> extensions,
    HeapBudget heap) {

  public AgentConfig {
    collectors = List.copyOf(collectors);
    extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
  }

  /** The same configuration listening elsewhere (the {@code --listen} flag). */
  public AgentConfig withHttp(HttpConfig other) {
    return new AgentConfig(source, other, logging, history, probes, collectors, extensions, heap);
  }
}
