package io.kshealth.demo.driver;

import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * The class path of the sample app's JVM: this module's jar, whose manifest lists its dependencies
 * in the {@code lib/} folder beside it. The demo runs from that jar; the integration tests name it
 * in {@value #PROPERTY}, since Maven may hand them a copy of the jar without its {@code lib/}. Run
 * from classes (an IDE), the parent's class path serves.
 */
final class TestBedClasspath {

  static final String PROPERTY = "kshealth.demo.jar";

  private TestBedClasspath() {}

  static String get() {
    String configured = System.getProperty(PROPERTY);
    if (configured != null) {
      return configured;
    }
    try {
      Path source =
          Path.of(
              TestBedClasspath.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return source.toString().endsWith(".jar")
          ? source.toString()
          : System.getProperty("java.class.path");
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the test bed's classes", e);
    }
  }
}
