package io.kshealth.core.collect;

import io.kshealth.api.CollectorFactory;
import io.kshealth.core.plugin.FactoryTypes;
import io.kshealth.core.plugin.PluginException;
import io.kshealth.core.plugin.PluginServices;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The collector types this agent knows: its own, wired explicitly, plus plug-in jars. */
public final class CollectorFactories {

  private final FactoryTypes<CollectorFactory> byType;

  private CollectorFactories(Collection<CollectorFactory> factories) throws PluginException {
    byType = new FactoryTypes<>("collector", factories, CollectorFactory::type);
  }

  /** Exactly these factories (tests, benchmarks); two for one type are a programming error. */
  public static CollectorFactories of(CollectorFactory... factories) {
    try {
      return new CollectorFactories(List.of(factories));
    } catch (PluginException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * The given built-in factories plus every factory ServiceLoader finds through {@code plugins}:
   * the class path, and the plug-in directory when {@code plugins} is its class loader.
   */
  public static CollectorFactories withPlugins(List<CollectorFactory> builtIn, ClassLoader plugins)
      throws PluginException {
    List<CollectorFactory> all = new ArrayList<>(builtIn);
    all.addAll(PluginServices.load(CollectorFactory.class, plugins));
    return new CollectorFactories(all);
  }

  public Optional<CollectorFactory> find(String type) {
    return byType.find(type);
  }

  public Collection<String> types() {
    return byType.types();
  }
}
