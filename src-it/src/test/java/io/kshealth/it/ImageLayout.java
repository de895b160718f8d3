package io.kshealth.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The Dockerfile's final stage laid out on this machine, to run the image without a Docker engine.
 * A shell script, run by root in a private mount namespace ({@code unshare --mount}), puts the
 * image's files at the image's paths and execs the ENTRYPOINT as the image's USER: the earlier
 * stages' outputs, built by the test, are bind-mounted where {@code COPY --from} puts them; RUN
 * commands run as written, but only commands that add users, directories and files (an {@code
 * apt-get} would change this machine); ENV, WORKDIR and USER apply as Docker applies them. This
 * machine's root stands for the base image: what the stage writes goes to overlays on /etc and /var
 * whose upper layers are in a scratch directory (a tmpfs, so overlayfs accepts it), /opt and /tmp
 * are empty tmpfs as in debian-slim, and nothing leaks out of the namespace.
 */
final class ImageLayout {

  /** The debian base image's PATH: the container's environment before the stage's ENVs. */
  private static final String BASE_IMAGE_PATH =
      "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  /** Where the stage may write: each an overlay on this machine's directory. */
  private static final List<String> OVERLAID = List.of("/etc", "/var");

  /** Empty in the base image: a tmpfs of their own. */
  private static final List<String> EMPTY = List.of("/opt");

  private static final Pattern OCTAL_ESCAPE = Pattern.compile("\\\\([0-7]{3})");

  /** Words without the shell's separators, redirections and substitutions. */
  private static final Pattern SIMPLE_COMMANDS = Pattern.compile("[^;|&`$<>(){}\\n]*");

  private static final Set<String> MIRRORED_COMMANDS =
      Set.of(
          "groupadd",
          "useradd",
          "mkdir",
          "cp",
          "chown",
          "chmod",
          "ln",
          // writes lib/kshealth.jsa in the distribution, running the agent on loopback meanwhile
          "/opt/kshealth/bin/kshealth-cds");

  private final List<Dockerfile.Instruction> stage;
  private final Map<String, Path> stageOutputs;
  private final UnaryOperator<String> editRun;

  /**
   * @param stageOutputs what the earlier stages made, by {@code stage:path} as COPY --from names
   *     them ({@code runtime:/opt/java}), each a directory of this machine's
   */
  ImageLayout(List<Dockerfile.Instruction> stage, Map<String, Path> stageOutputs) {
    this(stage, stageOutputs, UnaryOperator.identity());
  }

  private ImageLayout(
      List<Dockerfile.Instruction> stage,
      Map<String, Path> stageOutputs,
      UnaryOperator<String> editRun) {
    this.stage = stage;
    this.stageOutputs = stageOutputs;
    this.editRun = editRun;
  }

  /** The same layout with each RUN's command line edited, for a test that breaks it on purpose. */
  ImageLayout withRunEdited(UnaryOperator<String> edit) {
    return new ImageLayout(stage, stageOutputs, edit);
  }

  /**
   * Starts the ENTRYPOINT with {@code KSHEALTH_LISTEN=127.0.0.1:0} (as {@code docker run -e} would
   * set it), its output going to a new file in {@code logDir}, and waits until the agent says the
   * port it listens on. The entrypoint first makes the class data sharing archive (a training run
   * of 10 s and more): a port found free before it is often taken by then, by another test's
   * connection.
   */
  Daemon start(Path scratch, Path logDir) throws IOException {
    Path log = Files.createTempFile(logDir, "image-", ".log");
    Process process =
        entrypoint(scratch, Map.of("KSHEALTH_LISTEN", "127.0.0.1:0"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    int[] port = {0};
    try {
      await()
          .atMost(Daemon.READY_TIMEOUT)
          .until(
              () -> {
                Matcher m = LISTENING.matcher(Files.readString(log));
                if (m.find()) {
                  port[0] = Integer.parseInt(m.group(1));
                }
                return port[0] != 0 || !process.isAlive();
              });
    } catch (ConditionTimeoutException e) {
      process.destroyForcibly();
      throw new AssertionError(
          "the image's agent never said its port; log:\n" + Files.readString(log), e);
    }
    // An agent that exited before it listened: the Daemon's first request says so, with the log.
    return new Daemon(process, port[0], log);
  }

  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

  /** Runs the ENTRYPOINT to its end (one that fails at start). */
  Exec.Result run(Path scratch) throws IOException, InterruptedException {
    return Exec.run(entrypoint(scratch, Map.of()));
  }

  /** Where the image's file {@code imagePath}, written by the stage or the agent, is kept. */
  static Path written(Path scratch, String imagePath) {
    for (String dir : OVERLAID) {
      if (imagePath.startsWith(dir + "/")) {
        return upper(scratch, dir).resolve(imagePath.substring(dir.length() + 1));
      }
    }
    throw new AssertionError(imagePath + " is in none of the overlays " + OVERLAID);
  }

  /**
   * What the layout must leave alone on this machine, to compare before and after a run: the mounts
   * on and below the directories it mounts over, the entries of those directories and of /var/lib,
   * the user's JVM perf data directory in /tmp, and the users and groups.
   */
  String hostView() throws IOException {
    List<String> mounted = new ArrayList<>(OVERLAID);
    mounted.addAll(EMPTY);
    StringBuilder view = new StringBuilder();
    for (String target : mountTargets()) {
      if (target.equals("/tmp")
          || mounted.stream().anyMatch(dir -> target.equals(dir) || target.startsWith(dir + "/"))) {
        view.append("mount on ").append(target).append('\n');
      }
    }
    for (String dir : List.of("/etc", "/var", "/var/lib", "/opt")) {
      try (Stream<Path> entries = Files.list(Path.of(dir))) {
        entries.map(Path::toString).sorted().forEach(entry -> view.append(entry).append('\n'));
      }
    }
    Path perfData = Path.of("/tmp/hsperfdata_" + user().orElse("root"));
    view.append(perfData).append(Files.exists(perfData) ? " exists\n" : " absent\n");
    view.append(Files.readString(Path.of("/etc/passwd")));
    return view.append(Files.readString(Path.of("/etc/group"))).toString();
  }

  /** The final stage's USER, if it has one. */
  Optional<String> user() {
    return stage.stream()
        .filter(instruction -> instruction.keyword().equals("USER"))
        .map(Dockerfile.Instruction::arguments)
        .reduce((first, last) -> last);
  }

  /**
   * {@code unshare --mount --propagation private sh -c SCRIPT}, with the container's environment
   * and {@code env}; the overlays' upper layers go into {@code scratch}, a tmpfs.
   */
  private ProcessBuilder entrypoint(Path scratch, Map<String, String> env) throws IOException {
    assertEquals(
        0,
        Files.getAttribute(Path.of("/proc/self"), "unix:uid"),
        "the image's layout is mounted in a private mount namespace (unshare --mount), which"
            + " needs root: run this test as root, as CI does");
    ProcessBuilder builder =
        new ProcessBuilder(
            Tools.host("unshare", "util-linux"),
            "--mount",
            "--propagation",
            "private",
            "/bin/sh",
            "-c",
            script(scratch));
    builder.environment().clear();
    builder.environment().put("PATH", BASE_IMAGE_PATH);
    builder.environment().putAll(env);
    return builder;
  }

  private String script(Path scratch) throws IOException {
    Tools.host("setpriv", "util-linux");
    List<String> lines = new ArrayList<>(List.of("set -eu"));
    for (String dir : OVERLAID) {
      lines.addAll(overlay(dir, scratch));
    }
    EMPTY.forEach(dir -> lines.add("mount -t tmpfs -o mode=0755 tmpfs " + dir));
    String user = null;
    List<String> entrypoint = null;
    for (Dockerfile.Instruction instruction : stage) {
      switch (instruction.keyword()) {
        case "COPY" -> lines.add(copyFrom(instruction));
        case "RUN" -> lines.add("/bin/sh -c " + quote(run(instruction, user)));
        case "ENV" ->
            instruction
                .assignments()
                .forEach((name, value) -> lines.add("export " + name + "=" + quote(value)));
        case "WORKDIR" -> {
          String dir = quote(instruction.arguments());
          lines.add("mkdir -p " + dir + " && cd " + dir);
        }
        case "USER" -> user = instruction.arguments();
        case "EXPOSE" -> {} // nothing to publish: the agent listens on this machine's loopback
        case "ENTRYPOINT" -> entrypoint = entrypoint(instruction);
        default -> throw new AssertionError(ImageLayout.class + " cannot mirror " + instruction);
      }
    }
    if (entrypoint == null) {
      throw new AssertionError("the final stage has no ENTRYPOINT");
    }
    // The container's /tmp is its own and empty: the JVM's perf data does not land on this machine.
    lines.add("mount -t tmpfs -o mode=1777 tmpfs /tmp");
    List<String> exec = new ArrayList<>(List.of("exec"));
    if (user != null) {
      // Docker sets HOME from the user's passwd entry, and its uid, primary gid and groups.
      String name = quote(user);
      lines.add("export HOME=\"$(getent passwd " + name + " | cut -d: -f6)\"");
      exec.addAll(
          List.of(
              "setpriv",
              "--reuid=\"$(id -u " + name + ")\"",
              "--regid=\"$(id -g " + name + ")\"",
              "--init-groups",
              "--"));
    }
    entrypoint.forEach(word -> exec.add(quote(word)));
    lines.add(String.join(" ", exec));
    return String.join("\n", lines) + "\n";
  }

  /**
   * An overlay on {@code dir} whose upper layer is in {@code scratch}, carrying the mounts below
   * {@code dir} (a container's /etc/hosts and /etc/resolv.conf, when this machine is one): made
   * aside, the mounts bound into it while {@code dir} still shows them, then bound over {@code
   * dir}.
   */
  private static List<String> overlay(String dir, Path scratch) throws IOException {
    Path upper = upper(scratch, dir);
    Path work = upper.resolveSibling("work");
    Path merged = upper.resolveSibling("merged");
    List<String> lines = new ArrayList<>();
    lines.add("mkdir -p " + quote(upper) + " " + quote(work) + " " + quote(merged));
    lines.add(
        "mount -t overlay overlay -o "
            + quote("lowerdir=" + dir + ",upperdir=" + upper + ",workdir=" + work)
            + " "
            + quote(merged));
    for (String target : mountTargets()) {
      if (target.startsWith(dir + "/")) {
        String inMerged = merged + target.substring(dir.length());
        lines.add("mount --bind " + quote(target) + " " + quote(inMerged));
      }
    }
    lines.add("mount --rbind " + quote(merged) + " " + dir);
    return lines;
  }

  /** The mount points of this mount namespace, in the order they were mounted. */
  private static List<String> mountTargets() throws IOException {
    List<String> targets = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      // Field 5, with space, tab, newline and backslash escaped as \ooo.
      Matcher escape = OCTAL_ESCAPE.matcher(line.split(" ")[4]);
      StringBuilder target = new StringBuilder();
      while (escape.find()) {
        escape.appendReplacement(
            target,
            Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(escape.group(1), 8))));
      }
      targets.add(escape.appendTail(target).toString());
    }
    return targets;
  }

  /** {@code COPY --from=STAGE SRC DST}: the stage's output, bind-mounted at DST. */
  private String copyFrom(Dockerfile.Instruction copy) throws IOException {
    String from =
        copy.option("from")
            .orElseThrow(() -> new AssertionError("only COPY --from is mirrored: " + copy));
    List<String> operands = copy.operands();
    if (operands.size() != 2) {
      throw new AssertionError("only one source per COPY is mirrored: " + copy);
    }
    Path output = stageOutputs.get(from + ":" + operands.get(0));
    if (output == null) {
      throw new AssertionError("the test has not built " + from + ":" + operands.get(0));
    }
    String target = quote(operands.get(1));
    return "mkdir -p " + target + " && mount --bind " + quote(output) + " " + target;
  }

  private String run(Dockerfile.Instruction run, String user) {
    if (user != null) {
      throw new AssertionError("a RUN after USER is not mirrored: " + run);
    }
    String command = editRun.apply(run.arguments());
    if (!SIMPLE_COMMANDS.matcher(command.replace("&&", "")).matches()) {
      throw new AssertionError("only simple commands joined by && are mirrored: " + run);
    }
    for (String part : command.split("&&")) {
      String program = part.strip().split("\\s+", 2)[0];
      if (!MIRRORED_COMMANDS.contains(program)) {
        throw new AssertionError(
            "'" + program + "' would change this machine, not the image's layout: " + run);
      }
    }
    return command;
  }

  private static List<String> entrypoint(Dockerfile.Instruction entrypoint) throws IOException {
    if (!entrypoint.arguments().startsWith("[")) {
      throw new AssertionError("only the exec form is mirrored: " + entrypoint);
    }
    return entrypoint.words();
  }

  private static Path upper(Path scratch, String dir) {
    return scratch.resolve(dir.substring(1)).resolve("upper");
  }

  private static String quote(Object word) {
    return "'" + word.toString().replace("'", "'\\''") + "'";
  }
}
