package io.kshealth.api;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * What the agent hands a collector when it creates it: the collector's configured name (used as a
 * label where two collectors of one type could otherwise report the same series), the clock, and
 * the agent's data dir, where a collector keeps what must outlive the process (the lag collector's
 * secret for hashing keys in evidence); empty when the agent has none, or it was unwritable at
 * start.
 */
public record CollectorContext(String name, Clock clock, Optional<Path> dataDir) {

  /** Without a data dir. */
  public CollectorContext(String name, Clock clock) {
    this(name, clock, Optional.empty());
  }
}
