package io.kshealth.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** External programs the tests drive. A missing one fails the test with how to install it. */
final class Tools {

  private Tools() {}

  /** A program from the host, found on the PATH. */
  static String host(String name, String debianPackage) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return Path.of(dir, name).toString();
      }
    }
    return fail(
        name
            + " is not installed (not on the PATH): install the Debian package '"
            + debianPackage
            + "' (apt-get install "
            + debianPackage
            + ")");
  }

  /** A tool of the JDK running the tests (jlink, jdeps). */
  static String jdk(String name) {
    Path tool = Path.of(System.getProperty("java.home"), "bin", name);
    if (!Files.isExecutable(tool)) {
      return fail(
          tool
              + " is missing: run the tests on a full JDK 17 (not a JRE), e.g. the Debian package"
              + " 'openjdk-17-jdk-headless'");
    }
    return tool.toString();
  }
}
