package io.kshealth.alerts.notify;

import io.kshealth.alerts.api.NotifierFactory;
import io.kshealth.core.plugin.FactoryTypes;
import io.kshealth.core.plugin.PluginException;
import io.kshealth.core.plugin.PluginServices;
import java.util.Collection;
import java.util.Optional;

/**
 * The notifier types this agent knows: every {@link NotifierFactory} ServiceLoader finds, its own
 * and those of plug-in jars.
 */
public final class NotifierFactories {

  private final FactoryTypes<NotifierFactory> byType;

  private NotifierFactories(Collection<NotifierFactory> factories) throws PluginException {
    byType = new FactoryTypes<>("notifier", factories, NotifierFactory::type);
  }

  /**
   * Every factory ServiceLoader finds through {@code plugins}: the agent's own types on the class
   * path, and the plug-in directory's when {@code plugins} is its class loader.
   */
  public static NotifierFactories load(ClassLoader plugins) throws PluginException {
    return new NotifierFactories(PluginServices.load(NotifierFactory.class, plugins));
  }

  /** The agent's own types, from its class path; they cannot clash. */
  public static NotifierFactories builtIn() {
    try {
      return load(NotifierFactories.class.getClassLoader());
    } catch (PluginException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  public Optional<NotifierFactory> find(String type) {
    return byType.find(type);
  }

  /** The known types, sorted. */
  public Collection<String> types() {
    return byType.types();
  }
}
