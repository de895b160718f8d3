package io.kshealth.api;

import java.util.List;

/**
 * A collector type's parsed, immutable options. Parsing happens once at config load (so {@code
 * check-config} sees every error); {@link #create} runs when the agent starts.
 */
public interface CollectorSettings {

  Collector create(CollectorContext context);

  /**
   * The heap this collector's data may take at most, by the settings that bound it: the agent adds
   * them to its start-up check of the heap. None for a collector whose data does not grow with what
   * it watches.
   */
  default List<HeapBound> heapBounds() {
    return List.of();
  }
}
