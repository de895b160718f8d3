package io.kshealth.core.plugin;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The implementations of a plug-in interface that {@link ServiceLoader} finds through a class
 * loader (the agent's, or {@link PluginDirectory}'s), with errors that name the jar.
 */
public final class PluginServices {

  private PluginServices() {}

  /** Every provider of {@code spi} the loader and its parents list, created. */
  public static <S> List<S> load(Class<S> spi, ClassLoader loader) throws PluginException {
    List<S> found = new ArrayList<>();
    Iterator<ServiceLoader.Provider<S>> providers =
        ServiceLoader.load(spi, loader).stream().iterator();
    while (true) {
      ServiceLoader.Provider<S> provider;
      try {
        if (!providers.hasNext()) {
          return found;
        }
        provider = providers.next();
      } catch (ServiceConfigurationError e) {
        throw new PluginException("cannot load a " + spi.getSimpleName() + ": " + e.getMessage());
      }
      try {
        found.add(provider.get());
      } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        throw new PluginException(
            origin(provider.type())
                + " cannot be created as a "
                + spi.getSimpleName()
                + ": "
                + cause);
      }
    }
  }

  /** {@code com.example.JsonLinesNotifierFactory from /opt/kshealth/plugins/example.jar}. */
  public static String origin(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    URL location = source == null ? null : source.getLocation();
    return type.getName() + (location == null ? "" : " from " + where(location));
  }

  /** A file's path as the user wrote it (spaces, not %20); any other URL as it is. */
  private static String where(URL location) {
    try {
      return Path.of(location.toURI()).toString();
    } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
      return location.toString();
    }
  }
}
