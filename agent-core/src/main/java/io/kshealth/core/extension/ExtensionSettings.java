package io.kshealth.core.extension;

import java.io.IOException;

/** An extension's parsed, immutable settings: checked at config load, started with the agent. */
public interface ExtensionSettings {

  Extension start(ExtensionContext context) throws IOException;

  /** One line for {@code check-config}. */
  String summary();
}
