package io.kshealth.core.plugin;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Plug-in factories by the {@code type:} that selects them in the config, built in or from a jar. A
 * type offered twice, or a factory without a type, is refused naming both jars.
 *
 * @param <F> the factory interface, such as a collector's or a notifier's
 */
public final class FactoryTypes<F> {

  private final Map<String, F> byType = new TreeMap<>();

  /**
   * @param kind what the factories make, for messages: {@code collector}, {@code notifier}
   */
  public FactoryTypes(String kind, Collection<F> factories, Function<F, String> typeOf)
      throws PluginException {
    for (F factory : factories) {
      String type = typeOf.apply(factory);
      if (type == null || type.isBlank()) {
        throw new PluginException(
            PluginServices.origin(factory.getClass()) + " names no " + kind + " type");
      }
      F previous = byType.putIfAbsent(type, factory);
      if (previous != null) {
        throw new PluginException(
            kind
                + " type '"
                + type
                + "' is offered by both "
                + PluginServices.origin(previous.getClass())
                + " and "
                + PluginServices.origin(factory.getClass()));
      }
    }
  }

  public Optional<F> find(String type) {
    return Optional.ofNullable(byType.get(type));
  }

  /** The known types, sorted. */
  public Collection<String> types() {
    return Collections.unmodifiableSet(byType.keySet());
  }
}
