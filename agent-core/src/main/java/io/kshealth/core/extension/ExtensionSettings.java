package io.kshealth.core.extension;

import io.kshealth.api.HeapBound;
import java.io.IOException;
import java.util.List;

/** An extension's parsed, immutable settings: checked at config load, started with the agent. */
public interface ExtensionSettings {

  Extension start(ExtensionContext context) throws IOException;

  /** One line for {@code check-config}. */
  String summary();

  /** The heap the extension's data may take at most, as for a collector ({@link HeapBound}). */
  default List<HeapBound> heapBounds() {
    return List.of();
  }
}
