package io.kshealth.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code docker/target/docker-context/Dockerfile} relies on, checked without a Docker engine:
 * its inputs, the tarball it unpacks, and the jlink runtime it builds, on which the agent must run.
 */
class DockerImageIT {

  private static final String IMAGE_HOME = "/opt/kshealth/";

  /** Jars that belong to tests or to a Kafka broker, never to the agent. */
  private static final List<String> FOREIGN_JARS =
      List.of("kafka_2.13", "kafka-test-common", "junit", "testcontainers", "awaitility");

  /**
   * Classes jdeps sees in library jars that the agent never loads, so the JDK modules only they
   * need stay out of the image: Micrometer's JDBC binders (java.sql) and its Log4j2 binder
   * (java.beans, in java.desktop; the agent logs with Logback), and Jetty's class loader leak
   * preventers for web apps in a container (java.desktop, java.sql), which the agent's embedded
   * server never installs.
   */
  private static final List<String> NEVER_LOADED =
      List.of(
          "io.micrometer.core.instrument.binder.db.",
          "io.micrometer.core.instrument.binder.logging.Log4j2Metrics",
          "org.eclipse.jetty.util.preventers.");

  /** The rule pack's directory, which the shipped config names ({@code rules: [rules/]}). */
  private static final Path RULES = Path.of("rules");

  private static final Path CONTEXT = Locations.dockerContext();
  private static final Path TARBALL = CONTEXT.resolve("kshealth.tar.gz");

  @TempDir static Path shared;

  /** The tarball unpacked as the Dockerfile's dist stage does. */
  private static Kshealth unpacked;

  private static Path runtime;

  @BeforeAll
  static void unpackTarball() throws IOException, InterruptedException {
    Path dir = Files.createDirectories(shared.resolve("dist"));
    Tar.extract(TARBALL, dir);
    try (Stream<Path> top = Files.list(dir)) {
      unpacked = new Kshealth(top.findFirst().orElseThrow());
    }
  }

  @Test
  void everyCopyAndAddSourceIsInTheContext() throws IOException {
    for (Dockerfile.Instruction instruction : instructions("COPY", "ADD")) {
      if (instruction.option("from").isPresent()) {
        continue;
      }
      List<String> operands = instruction.operands();
      assertTrue(operands.size() >= 2, instruction::toString);
      for (String source : operands.subList(0, operands.size() - 1)) {
        assertTrue(
            Files.exists(CONTEXT.resolve(source)),
            () -> source + " is not in the context " + CONTEXT + " (" + instruction + ")");
      }
    }
  }

  /**
   * Every base image names an exact release ({@code 17.0.15_6-jdk}, {@code 12.11-slim}), never a
   * moving tag such as {@code 17-jdk}, {@code bookworm-slim} or {@code latest}: a rebuild must give
   * the runtime the tests ran on.
   */
  @Test
  void baseImagesArePinnedToExactVersionTags() throws IOException {
    List<Dockerfile.Instruction> froms = instructions("FROM");
    assertFalse(froms.isEmpty());
    for (Dockerfile.Instruction from : froms) {
      String image = from.words().get(0);
      String tag = image.contains(":") ? image.substring(image.lastIndexOf(':') + 1) : "latest";
      assertTrue(
          tag.matches("\\d+\\.\\d+[.\\d_]*(-[a-z0-9]+)*"),
          () -> from + ": tag '" + tag + "' is not an exact version");
    }
  }

  @Test
  void entrypointIsTheLauncherInsideTheTarball() throws Exception {
    List<Dockerfile.Instruction> entrypoints = instructions("ENTRYPOINT");
    assertEquals(1, entrypoints.size(), entrypoints::toString);
    Dockerfile.Instruction entrypoint = entrypoints.get(0);
    assertTrue(
        entrypoint.arguments().startsWith("["),
        () -> "use the exec form, so SIGTERM reaches the agent: " + entrypoint);
    String executable = entrypoint.words().get(0);
    assertTrue(executable.startsWith(IMAGE_HOME), executable);
    // The dist stage: ADD kshealth.tar.gz /tmp/, then mv /tmp/kshealth-* /opt/kshealth.
    assertTrue(
        instructions("ADD").stream()
            .anyMatch(add -> add.arguments().equals("kshealth.tar.gz /tmp/")),
        "no ADD kshealth.tar.gz /tmp/");
    assertTrue(
        instructions("RUN").stream()
            .anyMatch(run -> run.arguments().matches("mv /tmp/kshealth-\\* /opt/kshealth\\s*")),
        "no RUN mv /tmp/kshealth-* /opt/kshealth");

    List<Tar.Entry> entries = Tar.list(TARBALL);
    Set<String> tops = new TreeSet<>();
    entries.forEach(entry -> tops.add(entry.path().split("/", 2)[0]));
    assertEquals(1, tops.size(), () -> "more than one top directory: " + tops);
    String top = tops.iterator().next();
    assertTrue(top.startsWith("kshealth-"), top);
    String launcher = top + "/" + executable.substring(IMAGE_HOME.length());
    Tar.Entry entry =
        entries.stream()
            .filter(candidate -> candidate.path().equals(launcher))
            .findFirst()
            .orElseThrow(() -> new AssertionError(launcher + " is not in " + TARBALL));
    assertTrue(entry.isFile() && entry.ownerExecutable(), entry::toString);
    assertTrue(has(entries, top + "/config/kshealth.yaml"), "no config/kshealth.yaml");
    assertFalse(jarNames(entries).isEmpty(), "no lib/*.jar");
  }

  /** The port the image exposes is the one the shipped config listens on, on every interface. */
  @Test
  void exposedPortIsTheDefaultConfigsListenPort() throws IOException {
    List<Dockerfile.Instruction> exposes = instructions("EXPOSE");
    assertEquals(1, exposes.size(), exposes::toString);
    String listen = "listen: ${KSHEALTH_LISTEN:-0.0.0.0:" + exposes.get(0).arguments() + "}";

    assertTrue(Files.readString(unpacked.defaultConfig()).contains(listen), listen);
  }

  @Test
  void tarballHoldsOnlyTheAgent() throws Exception {
    List<String> foreign =
        jarNames(Tar.list(TARBALL)).stream()
            .filter(jar -> FOREIGN_JARS.stream().anyMatch(jar::startsWith))
            .toList();

    assertEquals(List.of(), foreign);
  }

  @Test
  void jlinkModulesCoverWhatJdepsFinds() throws Exception {
    List<Path> jars = jars(unpacked);
    Set<String> needed = JdkModules.printModuleDeps(jars);
    Set<String> provided = JdkModules.closure(jlinkModules());

    Set<String> missing = new TreeSet<>(needed);
    missing.removeAll(provided);
    Map<String, Set<String>> users = JdkModules.classesUsing(missing, jars);
    users
        .values()
        .forEach(
            classes -> classes.removeIf(name -> NEVER_LOADED.stream().anyMatch(name::startsWith)));
    users.values().removeIf(Set::isEmpty);

    assertEquals(
        Map.of(),
        users,
        () ->
            "jdeps finds "
                + needed
                + "; add these modules to jlink-modules.txt (module -> classes using it)");
  }

  @Test
  void agentRunsOnceOnTheJlinkRuntime(@TempDir Path workDir) throws Exception {
    Path java = runtime();

    Exec.Result modules =
        Exec.run(new ProcessBuilder(java.resolve("bin/java").toString(), "--list-modules"));
    Exec.Result once =
        unpacked.exec(
            workDir,
            Map.of("JAVA_HOME", java.toString()),
            "once",
            "--config",
            unpacked.defaultConfig().toString());

    assertTrue(modules.stdout().contains("jdk.attach@"), modules::describe);
    assertEquals(0, once.exitCode(), once::describe);
    assertTrue(
        once.stdoutLines().stream().anyMatch(line -> line.matches("^agent\\s+process\\s+ok\\s.*")),
        once::describe);
  }

  /**
   * The image as a user runs it: the final stage laid out at the image's paths ({@link
   * ImageLayout}), its ENTRYPOINT on the jlink runtime as its USER, with the shipped config and
   * rule pack. Nothing to watch on this machine: the streams and lag collectors' runs fail, as in a
   * container started without its app, and the agent serves all the same.
   */
  @Test
  void imageStartsOnItsDefaultConfig(@TempDir Path dir) throws Exception {
    Map<String, String> env = imageEnv();
    Path rules = imageRules();
    ImageLayout image = image();
    String host = image.hostView();
    try (Tmpfs scratch = Tmpfs.mount(dir.resolve("layers"), "64m")) {
      long uid;
      try (Daemon agent = image.start(scratch.dir(), dir)) {
        agent.awaitReady();
        Map<?, ?> status =
            Json.object(Json.parse(new String(agent.get("/api/v1/status").body(), UTF_8)));
        Map<?, ?> alerting = Json.object(status.get("alerting"));
        String metrics = new String(agent.get("/metrics").body(), UTF_8);
        Path proc = Path.of("/proc", Long.toString(agent.pid()));
        List<String> command = List.of(Files.readString(proc.resolve("cmdline")).split("\0"));
        uid = (Integer) Files.getAttribute(proc, "unix:uid");

        assertEquals(200, agent.get("/healthz").statusCode(), "/healthz");
        assertEquals(
            shippedRules(), ((Number) alerting.get("rules")).intValue(), alerting::toString);
        assertEquals(
            List.of(),
            Json.array(alerting.get("rule_files")).stream()
                .filter(file -> !Path.of(String.valueOf(file)).startsWith(rules))
                .toList(),
            () -> "rule files from outside " + rules);
        assertTrue(metrics.contains("kshealth_process_up{process=\"agent\"} 1"), metrics);
        assertTrue(metrics.contains("jvm_memory_used_bytes"), metrics);
        assertEquals(env.get("JAVA_HOME") + "/bin/java", command.get(0), command::toString);
        // The class data sharing archive the image's RUN made with the image's runtime is mapped
        // into the agent: its classes load from it (the JVM ignores an archive it cannot use).
        assertTrue(
            Files.readString(proc.resolve("maps")).contains("/opt/kshealth/lib/kshealth.jsa"),
            "the agent does not map /opt/kshealth/lib/kshealth.jsa");
        assertEquals(
            imageUid(scratch.dir(), image.user().orElseThrow()),
            uid,
            "the agent does not run as the image's USER");

        // docker stop: SIGTERM, then SIGKILL after 10 s; Kubernetes waits 30 s by default.
        long signalled = System.nanoTime();
        agent.stopCleanly();
        Duration stopping = Duration.ofNanos(System.nanoTime() - signalled);
        assertTrue(stopping.compareTo(Duration.ofSeconds(5)) < 0, () -> "stopped in " + stopping);
      }
      Path history =
          ImageLayout.written(scratch.dir(), env.get("KSHEALTH_DATA_DIR") + "/history.bin");
      assertTrue(Files.isRegularFile(history), () -> "no " + history + " after SIGTERM");
      assertEquals(uid, ((Number) Files.getAttribute(history, "unix:uid")).longValue());
    }
    assertEquals(host, image.hostView(), "the image's layout leaked out of its namespace");
  }

  /**
   * The test above can fail: the same layout without the rule pack beside the config (as the image
   * was shipped before) makes the agent exit 2, naming the rules path it cannot find.
   */
  @Test
  void imageWithoutItsRulePackExitsNamingIt(@TempDir Path dir) throws Exception {
    List<String> cp = cpOperands();
    String rules =
        cp.stream()
            .filter(source -> Path.of(source).getFileName().equals(RULES))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the RUN does not copy rules: " + cp));
    ImageLayout withoutRules = image().withRunEdited(run -> run.replace(" " + rules + " ", " "));

    Exec.Result result;
    try (Tmpfs scratch = Tmpfs.mount(dir.resolve("layers"), "64m")) {
      result = withoutRules.run(scratch.dir());
    }

    assertEquals(2, result.exitCode(), result::describe);
    assertTrue(
        result.stderr().contains(imageRules() + ": no such rule file or directory"),
        result::describe);
  }

  /** The final stage, its COPY --from sources being the jlink runtime and the unpacked tarball. */
  private static ImageLayout image() throws IOException, InterruptedException {
    return new ImageLayout(
        finalStage(),
        Map.of("runtime:/opt/java", runtime(), "dist:/opt/kshealth", unpacked.home()));
  }

  private static List<Dockerfile.Instruction> finalStage() throws IOException {
    return Dockerfile.finalStage(CONTEXT.resolve("Dockerfile"));
  }

  /** The final stage's ENV. */
  private static Map<String, String> imageEnv() throws IOException {
    Map<String, String> env = new HashMap<>();
    for (Dockerfile.Instruction instruction : finalStage()) {
      if (instruction.keyword().equals("ENV")) {
        env.putAll(instruction.assignments());
      }
    }
    return env;
  }

  /**
   * Where the image keeps the rule pack: {@code rules/} in the cp's destination, beside the config.
   */
  private static Path imageRules() throws IOException {
    List<String> cp = cpOperands();
    return Path.of(cp.get(cp.size() - 1)).resolve(RULES);
  }

  /** The operands of the final stage's {@code cp}: its sources, then its destination. */
  private static List<String> cpOperands() throws IOException {
    List<Dockerfile.Instruction> runs =
        finalStage().stream().filter(instruction -> instruction.keyword().equals("RUN")).toList();
    for (Dockerfile.Instruction run : runs) {
      for (String command : run.arguments().split("&&")) {
        List<String> words = List.of(command.strip().split("\\s+"));
        if (words.get(0).equals("cp")) {
          return words.stream().skip(1).filter(word -> !word.startsWith("-")).toList();
        }
      }
    }
    throw new AssertionError("no RUN ... cp in the Dockerfile");
  }

  /** The uid of the image's {@code user}, from the passwd file its RUN wrote. */
  private static long imageUid(Path scratch, String user) throws IOException {
    return Files.readAllLines(ImageLayout.written(scratch, "/etc/passwd")).stream()
        .map(line -> line.split(":"))
        .filter(fields -> fields[0].equals(user))
        .mapToLong(fields -> Long.parseLong(fields[2]))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no user " + user + " in the image"));
  }

  /** The rules in the shipped pack, config/rules/*.yaml: alerting and recording rules. */
  private static int shippedRules() throws IOException {
    int rules = 0;
    try (DirectoryStream<Path> files =
        Files.newDirectoryStream(unpacked.home().resolve("config/rules"), "*.yaml")) {
      for (Path file : files) {
        rules +=
            (int)
                Files.readAllLines(file).stream()
                    .filter(l -> l.matches("\\s*- (alert|record):.*"))
                    .count();
      }
    }
    return rules;
  }

  /** The jlink runtime of jlink-modules.txt, built once for the class. */
  private static Path runtime() throws IOException, InterruptedException {
    if (runtime == null) {
      Path output = shared.resolve("java");
      Exec.Result jlink = JdkModules.jlink(jlinkModules(), output);
      assertEquals(0, jlink.exitCode(), jlink::describe);
      runtime = output;
    }
    return runtime;
  }

  private static List<String> jlinkModules() throws IOException {
    return Files.readAllLines(CONTEXT.resolve("jlink-modules.txt")).stream()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .toList();
  }

  private static List<Dockerfile.Instruction> instructions(String... keywords) throws IOException {
    Set<String> wanted = Set.of(keywords);
    return Dockerfile.parse(CONTEXT.resolve("Dockerfile")).stream()
        .filter(instruction -> wanted.contains(instruction.keyword()))
        .toList();
  }

  private static List<Path> jars(Kshealth distribution) throws IOException {
    try (Stream<Path> files = Files.list(distribution.home().resolve("lib"))) {
      return files.filter(file -> file.toString().endsWith(".jar")).sorted().toList();
    }
  }

  private static List<String> jarNames(List<Tar.Entry> entries) {
    return entries.stream()
        .map(Tar.Entry::path)
        .filter(path -> path.matches("[^/]+/lib/[^/]+\\.jar"))
        .map(path -> path.substring(path.lastIndexOf('/') + 1))
        .toList();
  }

  private static boolean has(List<Tar.Entry> entries, String path) {
    return entries.stream().anyMatch(entry -> entry.path().equals(path) && entry.isFile());
  }
}
