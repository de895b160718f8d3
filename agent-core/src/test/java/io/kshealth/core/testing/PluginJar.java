package io.kshealth.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A third-party plug-in jar made in a test: Java sources compiled against the test's class path by
 * the JDK's compiler, plus {@code META-INF/services} files, written as a real jar.
 *
 * <pre>{@code
 * PluginJar.with("example/Up.java", source)
 *     .service("io.kshealth.api.CollectorFactory", "example.Up")
 *     .writeTo(dir.resolve("up.jar"));
 * }</pre>
 */
public final class PluginJar {

  private final Map<String, String> sources = new LinkedHashMap<>();
  private final Map<String, List<String>> services = new LinkedHashMap<>();

  private PluginJar() {}

  public static PluginJar with(String path, String source) {
    return new PluginJar().source(path, source);
  }

  public PluginJar source(String path, String source) {
    sources.put(path, source);
    return this;
  }

  /** Lists {@code provider} in {@code META-INF/services/<spi>}. */
  public PluginJar service(String spi, String provider) {
    services.computeIfAbsent(spi, k -> new ArrayList<>()).add(provider);
    return this;
  }

  /** Compiles the sources in a scratch directory (deleted after) and writes the jar. */
  public Path writeTo(Path jar) throws IOException {
    Path work = Files.createTempDirectory("plugin-src");
    try {
      return writeTo(jar, work);
    } finally {
      delete(work);
    }
  }

  private Path writeTo(Path jar, Path work) throws IOException {
    Path classes = Files.createDirectories(work.resolve("classes"));
    List<String> args =
        new ArrayList<>(
            List.of(
                "-d",
                classes.toString(),
                "-classpath",
                System.getProperty("java.class.path"),
                "-proc:none"));
    for (Map.Entry<String, String> s : sources.entrySet()) {
      Path file = work.resolve("src").resolve(s.getKey());
      Files.createDirectories(file.getParent());
      args.add(Files.writeString(file, s.getValue()).toString());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (!sources.isEmpty() && javac.run(null, null, null, args.toArray(String[]::new)) != 0) {
      throw new IOException("the plug-in's sources do not compile (see the compiler's output)");
    }
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        put(out, classes.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
      }
      for (Map.Entry<String, List<String>> s : services.entrySet()) {
        String lines = String.join("\n", s.getValue()) + "\n";
        put(out, "META-INF/services/" + s.getKey(), lines.getBytes(StandardCharsets.UTF_8));
      }
    }
    return jar;
  }

  private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
    out.putNextEntry(new JarEntry(name));
    out.write(bytes);
    out.closeEntry();
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
