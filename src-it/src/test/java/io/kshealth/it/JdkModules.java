package io.kshealth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Which JDK modules a set of jars needs (jdeps), and what a jlink module list brings in. */
final class JdkModules {

  /** {@code a.b.C -> java.sql.Connection java.sql} in {@code jdeps -verbose:class}. */
  private static final Pattern CLASS_DEPENDENCY =
      Pattern.compile("^\\s+(\\S+)\\s+->\\s+\\S+\\s+(\\S+)\\s*$");

  private JdkModules() {}

  /** {@code jdeps --print-module-deps} over all the jars, which resolve each other. */
  static Set<String> printModuleDeps(List<Path> jars) throws IOException, InterruptedException {
    Exec.Result result = jdeps("--print-module-deps", jars);
    List<String> lines = result.stdoutLines();
    return new TreeSet<>(Arrays.asList(lines.get(lines.size() - 1).strip().split(",")));
  }

  /** For each of {@code modules}, the classes in the jars that refer to it. */
  static Map<String, Set<String>> classesUsing(Set<String> modules, List<Path> jars)
      throws IOException, InterruptedException {
    Map<String, Set<String>> users = new TreeMap<>();
    for (String line : jdeps("-verbose:class", jars).stdoutLines()) {
      Matcher matcher = CLASS_DEPENDENCY.matcher(line);
      if (matcher.matches() && modules.contains(matcher.group(2))) {
        users.computeIfAbsent(matcher.group(2), module -> new TreeSet<>()).add(matcher.group(1));
      }
    }
    return users;
  }

  /** The modules jlink puts in a runtime made of {@code roots}: them and all they require. */
  static Set<String> closure(Collection<String> roots) {
    ModuleFinder system = ModuleFinder.ofSystem();
    Set<String> modules = new TreeSet<>();
    Deque<String> pending = new ArrayDeque<>(roots);
    while (!pending.isEmpty()) {
      String name = pending.pop();
      if (modules.add(name)) {
        ModuleDescriptor descriptor =
            system
                .find(name)
                .map(ModuleReference::descriptor)
                .orElseThrow(() -> new AssertionError("no module " + name + " in this JDK"));
        descriptor.requires().stream()
            .filter(
                requires ->
                    !requires.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC))
            .forEach(requires -> pending.push(requires.name()));
      }
    }
    return modules;
  }

  /** {@code jlink} of {@code modules} into {@code output}, as the Dockerfile builds it. */
  static Exec.Result jlink(Collection<String> modules, Path output)
      throws IOException, InterruptedException {
    return Exec.run(
        new ProcessBuilder(
            Tools.jdk("jlink"),
            "--add-modules",
            String.join(",", modules),
            "--strip-debug",
            "--no-man-pages",
            "--no-header-files",
            "--generate-cds-archive",
            "--output",
            output.toString()));
  }

  private static Exec.Result jdeps(String mode, List<Path> jars)
      throws IOException, InterruptedException {
    List<String> command =
        Stream.concat(
                Stream.of(
                    Tools.jdk("jdeps"), "--multi-release", "17", "--ignore-missing-deps", mode),
                jars.stream().map(Path::toString))
            .toList();
    Exec.Result result = Exec.run(new ProcessBuilder(command));
    assertEquals(0, result.exitCode(), result::describe);
    return result;
  }
}
