package io.kshealth.api;

/**
 * A collector type, chosen by the {@code type:} key of a collector's config.
 *
 * <p>The agent's own types are wired explicitly; a third-party jar may offer more through {@link
 * java.util.ServiceLoader} by listing its factory in {@code
 * META-INF/services/io.kshealth.api.CollectorFactory}.
 */
public interface CollectorFactory {

  /** The value of {@code type:} that selects this factory. */
  String type();

  /**
   * Reads this type's own options from the collector's config node. Report problems through {@link
   * ConfigSection#error}; every key left unread is reported as unknown afterwards.
   */
  CollectorSettings parse(ConfigSection options);
}
