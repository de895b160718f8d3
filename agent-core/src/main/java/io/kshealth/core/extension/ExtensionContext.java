package io.kshealth.core.extension;

import io.kshealth.core.history.HistoryStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * What the agent hands an extension: its clock, the history it reads, the data dir it may keep
 * state in (none when the history is not saved either), and the agent's own base URL.
 */
public record ExtensionContext(
    Clock clock, HistoryStore history, Optional<Path> dataDir, String agentUrl) {}
