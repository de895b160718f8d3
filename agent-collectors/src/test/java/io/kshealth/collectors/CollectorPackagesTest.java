package io.kshealth.collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kshealth.api.CollectorFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module's layout, read from its sources: a package directly under {@code collectors} is one
 * collector type, and what collector types share lives under {@code collectors.support}. A
 * collector package that used another's classes would make that one a library too, and a change to
 * its collector would reach the other's.
 */
class CollectorPackagesTest {

  private static final Path SOURCES = Path.of("src/main/java/io/kshealth/collectors");

  /** A use of a class of a package below {@code collectors}: {@code io.kshealth.collectors.x.}. */
  private static final Pattern USE = Pattern.compile("io\\.kshealth\\.collectors\\.(\\w+)\\.");

  private static final String SUPPORT = "support";

  @Test
  void noCollectorPackageUsesAnother() throws IOException {
    List<String> crossings = new ArrayList<>();
    for (Path file : javaFiles()) {
      String own = topPackage(file);
      String text = Files.readString(file);
      Matcher m = USE.matcher(text.substring(text.indexOf(';') + 1));
      while (m.find()) {
        String used = m.group(1);
        boolean allowed = used.equals(SUPPORT) || (used.equals(own) && !own.equals(SUPPORT));
        if (!allowed && !own.isEmpty()) {
          crossings.add(SOURCES.relativize(file) + " uses collectors." + used);
        }
      }
    }
    assertEquals(List.of(), crossings);
  }

  @Test
  void everyPackageBesideSupportIsOneBuiltInCollectorType() throws IOException {
    Set<String> packages;
    try (Stream<Path> dirs = Files.list(SOURCES)) {
      packages =
          dirs.filter(Files::isDirectory)
              .map(d -> d.getFileName().toString())
              .filter(name -> !name.equals(SUPPORT))
              .collect(Collectors.toCollection(TreeSet::new));
    }
    Set<String> factories =
        BuiltInCollectors.all().stream()
            .map(CollectorFactory::getClass)
            .map(c -> c.getPackageName().substring("io.kshealth.collectors.".length()))
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(factories, packages);
  }

  /** NullAway checks only {@code @NullMarked} packages: a new package without it goes unchecked. */
  @Test
  void everyPackageIsNullMarked() throws IOException {
    Set<Path> packages = new TreeSet<>();
    javaFiles().forEach(f -> packages.add(f.getParent()));
    List<String> unmarked = new ArrayList<>();
    for (Path dir : packages) {
      Path info = dir.resolve("package-info.java");
      if (!Files.exists(info) || !Files.readString(info).contains("@NullMarked")) {
        unmarked.add(SOURCES.relativize(dir).toString());
      }
    }
    assertEquals(List.of(), unmarked);
  }

  private static List<Path> javaFiles() throws IOException {
    try (Stream<Path> files = Files.walk(SOURCES)) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    }
  }

  /** The package directly under {@code collectors}; empty for {@code collectors} itself. */
  private static String topPackage(Path file) {
    Path relative = SOURCES.relativize(file);
    if (relative.getNameCount() < 2) {
      return "";
    }
    return relative.getName(0).toString();
  }
}
