package io.kshealth.core.plugin;

/**
 * A plug-in jar the agent cannot use: not a jar, a factory that does not load, or a type offered
 * twice. The message names the jar and the type; the agent prints it and exits with 2.
 */
public final class PluginException extends Exception {

  private static final long serialVersionUID = 1L;

  public PluginException(String message) {
    super(message);
  }
}
