package io.kshealth.core.extension;

import io.kshealth.core.config.ConfigNode;
import java.nio.file.Path;
import java.util.List;

/**
 * A part of the agent beyond collection, such as alerting, configured by its own top-level section
 * of the config file. Core never depends on an extension: the distribution wires them in.
 */
public interface ExtensionFactory {

  /** The top-level config key that configures it; without that key the extension is off. */
  String section();

  /**
   * Reads the section. Report problems through {@link ConfigNode#error}; every key of the section
   * left unread is reported as unknown afterwards. Relative paths in it are relative to {@code
   * configDir}.
   */
  ExtensionSettings parse(ConfigNode section, Path configDir);

  /** Picocli command objects it adds to the {@code kshealth} command line. */
  List<Object> commands();
}
