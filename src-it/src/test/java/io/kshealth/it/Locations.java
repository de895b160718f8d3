package io.kshealth.it;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The directories the build hands to the tests as system properties (see src-it/pom.xml). */
final class Locations {

  private Locations() {}

  /** The unpacked distribution: bin/kshealth, lib/, config/, systemd/. */
  static Path home() {
    return directory("kshealth.home");
  }

  /** docker/target/docker-context: Dockerfile, jlink-modules.txt, kshealth.tar.gz. */
  static Path dockerContext() {
    return directory("kshealth.docker.context");
  }

  /** The example plug-in jars (src-it/example-*), copied by the build, never on a class path. */
  static Path pluginJars() {
    return directory("kshealth.plugin.jars");
  }

  /** deploy/grafana: the Grafana dashboards. */
  static Path dashboards() {
    return directory("kshealth.dashboards");
  }

  /** src-it/src/test/resources: one folder of fixtures per test class. */
  static Path fixture(Class<?> testClass, String name) {
    Path file = directory("kshealth.fixtures").resolve(testClass.getSimpleName()).resolve(name);
    assertTrue(Files.isRegularFile(file), "missing fixture " + file);
    return file;
  }

  private static Path directory(String property) {
    String value = System.getProperty(property);
    assertNotNull(
        value, "system property " + property + " is not set: run these tests with ./mvnw verify");
    Path dir = Path.of(value).toAbsolutePath().normalize();
    assertTrue(
        Files.isDirectory(dir),
        property
            + "="
            + dir
            + " is not a directory: build the other modules first (./mvnw install)");
    return dir;
  }
}
