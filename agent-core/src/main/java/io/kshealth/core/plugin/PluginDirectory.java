package io.kshealth.core.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The plug-in directory ({@code plugins/} in the distribution): every {@code *.jar} in it, loaded
 * through one class loader whose parent is the agent's, so that plug-ins see the agent's API and
 * one another, and the agent finds their factories with {@link java.util.ServiceLoader}.
 *
 * <p>Every jar is checked before the agent starts: it must be a zip file, and every class its
 * {@code META-INF/services/} files name must load and implement the interface it is listed for.
 * Other files (a README) are left alone.
 *
 * <pre>{@code
 * ClassLoader plugins = PluginDirectory.open(Path.of("/opt/kshealth/plugins"), parent);
 * }</pre>
 */
public final class PluginDirectory {

  private static final String SERVICES = "META-INF/services/";

  private PluginDirectory() {}

  /**
   * The class loader of the directory's jars, after checking each of them; {@code parent} itself
   * when there is no jar.
   */
  public static ClassLoader open(Path dir, ClassLoader parent) throws PluginException {
    List<Path> jars = jars(dir);
    if (jars.isEmpty()) {
      return parent;
    }
    List<URL> urls = new ArrayList<>();
    List<List<Provider>> providers = new ArrayList<>();
    for (Path jar : jars) {
      providers.add(providers(jar));
      urls.add(url(jar));
    }
    URLClassLoader loader =
        new URLClassLoader("kshealth-plugins", urls.toArray(URL[]::new), parent);
    for (int i = 0; i < jars.size(); i++) {
      for (Provider provider : providers.get(i)) {
        Optional<String> problem = provider.problem(loader);
        if (problem.isPresent()) {
          close(loader);
          throw new PluginException("plug-in jar " + jars.get(i) + ": " + problem.get());
        }
      }
    }
    return loader;
  }

  private static List<Path> jars(Path dir) throws PluginException {
    if (!Files.isDirectory(dir)) {
      throw new PluginException("plug-in directory " + dir + " does not exist or is no directory");
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      throw new PluginException("cannot list the plug-in directory " + dir + ": " + e);
    }
  }

  /** One line of a services file: {@code provider} offered as an implementation of {@code spi}. */
  private record Provider(String spi, String provider) {

    /**
     * Why ServiceLoader would fail on it: the class does not load, or it does not implement an
     * interface the agent knows. A services file for an interface the agent lacks is left alone.
     */
    Optional<String> problem(ClassLoader loader) {
      Class<?> type;
      try {
        type = Class.forName(provider, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        return Optional.of(
            "cannot load the class " + provider + " its META-INF/services names: " + e);
      }
      try {
        Class<?> api = Class.forName(spi, false, loader);
        return api.isAssignableFrom(type)
            ? Optional.empty()
            : Optional.of(provider + " is listed as a " + spi + " but does not implement it");
      } catch (ClassNotFoundException | LinkageError e) {
        return Optional.empty();
      }
    }
  }

  /** The providers the jar's {@code META-INF/services/} files name, after checking it is a zip. */
  private static List<Provider> providers(Path jar) throws PluginException {
    List<Provider> classes = new ArrayList<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        String name = entry.getName();
        if (name.startsWith(SERVICES)
            && name.length() > SERVICES.length()
            && !entry.isDirectory()) {
          try (InputStream in = zip.getInputStream(entry)) {
            String spi = name.substring(SERVICES.length());
            for (String provider :
                providerNames(new String(in.readAllBytes(), StandardCharsets.UTF_8))) {
              classes.add(new Provider(spi, provider));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new PluginException(
          "plug-in jar " + jar + " is not a jar (zip) file: " + e.getMessage());
    }
    return classes;
  }

  /** The lines of a services file without comments and blanks, as ServiceLoader reads them. */
  private static List<String> providerNames(String servicesFile) {
    List<String> names = new ArrayList<>();
    for (String line : servicesFile.split("\n")) {
      int comment = line.indexOf('#');
      String name = (comment >= 0 ? line.substring(0, comment) : line).strip();
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    return names;
  }

  private static URL url(Path jar) throws PluginException {
    try {
      return jar.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new PluginException("plug-in jar " + jar + ": " + e.getMessage());
    }
  }

  private static void close(URLClassLoader loader) {
    try {
      loader.close();
    } catch (IOException e) {
      // The agent exits next; nothing to do about a jar that does not close.
    }
  }
}
