package io.kshealth.core.extension;

import io.kshealth.api.EvidenceSource;
import io.kshealth.api.Sample;
import io.kshealth.core.history.HistoryStore;
import io.kshealth.core.io.DataDirHealth;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the agent hands an extension: its clock, the history it reads, the data dir it may keep
 * state in (none when the history is not saved either), the agent's own base URL, and the agent's
 * samples about itself (its collectors' health, its history, every extension's), as {@code
 * /metrics} shows them, read when called: collectors do not report those, so rules about the agent
 * itself need them handed over; where to report each write to the data dir, failed or not; and the
 * collectors that capture evidence when an alert asks (docs/evidence.md).
 *
 * @param dataDir empty also when the configured dir was unwritable at start (persistence is off)
 * @param evidenceSources the collectors that are {@link EvidenceSource}s, by collector name
 */
public record ExtensionContext(
    Clock clock,
    HistoryStore history,
    Optional<Path> dataDir,
    String agentUrl,
    Supplier<List<Sample>> agentSamples,
    DataDirHealth dataDirHealth,
    Map<String, EvidenceSource> evidenceSources) {

  public ExtensionContext {
    evidenceSources = Map.copyOf(evidenceSources);
  }
}
