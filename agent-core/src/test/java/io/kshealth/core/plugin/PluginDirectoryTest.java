package io.kshealth.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.api.CollectorFactory;
import io.kshealth.core.collect.CollectorFactories;
import io.kshealth.core.testing.PluginJar;
import io.kshealth.core.testing.TestCollectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plug-in directory with real jars compiled in the test: found next to the built-in types, and
 * every broken jar refused with a message that names it.
 */
class PluginDirectoryTest {

  private static final String SPI = CollectorFactory.class.getName();

  @TempDir Path dir;

  private Path plugins() throws Exception {
    return Files.createDirectories(dir.resolve("plugins"));
  }

  /** A jar offering collector type {@code type} through class {@code example.<className>}. */
  private Path collectorJar(String jarName, String className, String type, String constructor)
      throws Exception {
    String source =
        """
        package example;

        import io.kshealth.api.CollectorFactory;
        import io.kshealth.api.CollectorSettings;
        import io.kshealth.api.ConfigSection;

        public final class %1$s implements CollectorFactory {
          public %1$s() { %3$s }

          @Override public String type() { return "%2$s"; }

          @Override public CollectorSettings parse(ConfigSection options) {
            return context -> null;
          }
        }
        """
            .formatted(className, type, constructor);
    return PluginJar.with("example/" + className + ".java", source)
        .service(SPI, "example." + className)
        .writeTo(plugins().resolve(jarName));
  }

  private CollectorFactories load() throws PluginException {
    ClassLoader loader = PluginDirectory.open(dir.resolve("plugins"), getClass().getClassLoader());
    return CollectorFactories.withPlugins(List.of(new TestCollectors.Factory()), loader);
  }

  @Test
  void findsTheJarsFactoriesNextToTheBuiltInOnesAndIgnoresOtherFiles() throws Exception {
    collectorJar("up.jar", "UpFactory", "example-up", "");
    Files.writeString(plugins().resolve("README.txt"), "jars go here\n");

    CollectorFactories factories = load();

    assertEquals(List.of("example-up", "plugin-example", "test"), List.copyOf(factories.types()));
    Class<?> up = factories.find("example-up").orElseThrow().getClass();
    assertEquals("kshealth-plugins", up.getClassLoader().getName());
  }

  @Test
  void anEmptyDirectoryAddsNothing() throws Exception {
    plugins();

    assertEquals(List.of("plugin-example", "test"), List.copyOf(load().types()));
  }

  @Test
  void refusesAMissingDirectory() {
    PluginException e = assertThrows(PluginException.class, this::load);

    assertEquals(
        "plug-in directory " + dir.resolve("plugins") + " does not exist or is no directory",
        e.getMessage());
  }

  @Test
  void refusesAJarThatIsNoZipFile() throws Exception {
    Path jar = Files.writeString(plugins().resolve("broken.jar"), "not a zip file\n");

    PluginException e = assertThrows(PluginException.class, this::load);

    assertTrue(
        e.getMessage().startsWith("plug-in jar " + jar + " is not a jar (zip) file: "),
        e.getMessage());
  }

  @Test
  void refusesAFactoryClassThatIsNotInTheJar() throws Exception {
    Path jar =
        PluginJar.with("example/Other.java", "package example; public final class Other {}")
            .service(SPI, "example.MissingFactory")
            .writeTo(plugins().resolve("missing.jar"));

    PluginException e = assertThrows(PluginException.class, this::load);

    assertTrue(
        e.getMessage()
            .startsWith(
                "plug-in jar "
                    + jar
                    + ": cannot load the class example.MissingFactory its META-INF/services"
                    + " names: java.lang.ClassNotFoundException"),
        e.getMessage());
  }

  @Test
  void refusesAFactoryClassThatIsNoCollectorFactory() throws Exception {
    Path jar =
        PluginJar.with("example/Other.java", "package example; public final class Other {}")
            .service(SPI, "example.Other")
            .writeTo(plugins().resolve("other.jar"));

    PluginException e = assertThrows(PluginException.class, this::load);

    assertEquals(
        "plug-in jar "
            + jar
            + ": example.Other is listed as a io.kshealth.api.CollectorFactory but does"
            + " not implement it",
        e.getMessage());
  }

  @Test
  void refusesAFactoryThatFailsToStart() throws Exception {
    Path jar =
        collectorJar(
            "failing.jar",
            "FailingFactory",
            "failing",
            "throw new IllegalStateException(\"no licence key\");");

    PluginException e = assertThrows(PluginException.class, this::load);

    assertEquals(
        "example.FailingFactory from "
            + jar
            + " cannot be created as a CollectorFactory:"
            + " java.lang.IllegalStateException: no licence key",
        e.getMessage());
  }

  @Test
  void refusesTwoJarsOfferingOneType() throws Exception {
    Path first = collectorJar("a.jar", "FirstFactory", "example-up", "");
    Path second = collectorJar("b.jar", "SecondFactory", "example-up", "");

    PluginException e = assertThrows(PluginException.class, this::load);

    assertEquals(
        "collector type 'example-up' is offered by both example.FirstFactory from "
            + first
            + " and example.SecondFactory from "
            + second,
        e.getMessage());
  }

  @Test
  void refusesAJarThatTakesABuiltInType() throws Exception {
    Path jar = collectorJar("test.jar", "TestFactory", "test", "");

    PluginException e = assertThrows(PluginException.class, this::load);

    assertTrue(
        e.getMessage().startsWith("collector type 'test' is offered by both "), e.getMessage());
    assertTrue(e.getMessage().endsWith(" and example.TestFactory from " + jar), e.getMessage());
  }
}
