package io.kshealth.alerts.api;

import io.kshealth.api.ConfigSection;
import java.util.Optional;

/**
 * A notifier type, chosen by the {@code type:} key of a notifier's config ({@code
 * alerting.notifiers.<name>}); notifiers are open to plug-ins as collectors are.
 *
 * <p>The agent finds every factory with {@link java.util.ServiceLoader}: its own types are listed
 * in its {@code META-INF/services/io.kshealth.alerts.api.NotifierFactory}, and a third-party jar in
 * the plug-in directory lists its own the same way. Each type may be offered once.
 *
 * <pre>{@code
 * public final class JsonLinesNotifierFactory implements NotifierFactory {
 *   public String type() { return "json-lines"; }
 *   public Optional<NotifierSettings> parse(ConfigSection options) {
 *     Path file = options.file("path");   // errors go to the config's list
 *     return Optional.of(new JsonLinesSettings(file));
 *   }
 * }
 * }</pre>
 */
public interface NotifierFactory {

  /** The value of {@code type:} that selects this factory. */
  String type();

  /**
   * Reads this type's own options from the notifier's config node, once when the config loads (also
   * by {@code check-config}, so it must not connect anywhere or start threads). Report problems
   * through {@link ConfigSection#error}, which adds the file, line and column; every key left
   * unread is reported as unknown afterwards.
   *
   * @return the parsed options, or empty after reporting an error
   */
  Optional<NotifierSettings> parse(ConfigSection options);
}
