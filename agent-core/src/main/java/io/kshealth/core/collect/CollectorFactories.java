package io.kshealth.core.collect;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The collector types this agent knows: its own, wired explicitly, plus plug-in jars. */
public final class CollectorFactories {

  private final Map<String, CollectorFactory> byType = new TreeMap<>();

  private CollectorFactories(Collection<CollectorFactory> factories) {
    for (CollectorFactory factory : factories) {
      CollectorFactory previous = byType.putIfAbsent(factory.type(), factory);
      if (previous != null) {
        throw new IllegalStateException(
            "collector type '"
                + factory.type()
                + "' is offered by both "
                + previous.getClass().getName()
                + " and "
                + factory.getClass().getName());
      }
    }
  }

  public static CollectorFactories of(CollectorFactory... factories) {
    return new CollectorFactories(List.of(factories));
  }

  /** The given built-in factories plus every factory found on the class path by ServiceLoader. */
  public static CollectorFactories withPlugins(List<CollectorFactory> builtIn) {
    List<CollectorFactory> all = new java.util.ArrayList<>(builtIn);
    ServiceLoader.load(CollectorFactory.class).forEach(all::add);
    return new CollectorFactories(all);
  }

  public Optional<CollectorFactory> find(String type) {
    return Optional.ofNullable(byType.get(type));
  }

  public Collection<String> types() {
    return byType.keySet();
  }
}
