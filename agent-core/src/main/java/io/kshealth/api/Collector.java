package io.kshealth.api;

import java.io.IOException;
import java.util.Optional;

/**
 * A source of samples. The scheduler calls {@link #collect} on the collector's own thread, once per
 * interval, and never concurrently with itself.
 *
 * <p>A collector adds what it saw to the builder and returns; it throws when it could not collect
 * at all (the run then counts as failed and its samples are dropped). It should answer interrupts:
 * the scheduler interrupts a run that exceeds its timeout.
 */
public interface Collector extends AutoCloseable {

  void collect(Snapshot.Builder out) throws Exception;

  /**
   * What this collector watches right now, for the status page (such as {@code pid 4242}); empty
   * when it has not found its target. Must be cheap: it is read on every status request.
   */
  default Optional<String> target() {
    return Optional.empty();
  }

  /** Releases connections and files. Called once, when the agent stops. */
  @Override
  default void close() throws IOException {}
}
