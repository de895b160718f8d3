package io.kshealth.dist.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.dist.docs.DocNames.Kind;
import io.kshealth.dist.docs.DocNames.Mention;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docs name only what exists, and name every metric the agent emits.
 *
 * <p>What the docs are: {@code README.md}, every {@code docs/**.md} and every {@code
 * config/**.yaml} (the default config, the rule pack, its Prometheus twin and its tests; their
 * metric names and environment variables only). What the agent emits: every {@code Metric} constant
 * in the main sources of agent-core, agent-collectors and agent-alerts (every sample of a
 * collector, of alerting or of the agent itself carries one; a {@code Metric} whose name is not a
 * literal fails this test, so none hides), plus the families a real agent started in this JVM
 * serves on {@code /metrics} (its JVM, its process and its HTTP server, which it registers on its
 * Prometheus registry directly). Checked:
 *
 * <ul>
 *   <li>every metric name the docs write, with their shorthand expanded (see {@link DocNames}), is
 *       emitted; a family wildcard ({@code kshealth_rocksdb_*}) matches at least one;
 *   <li>every emitted family is written out somewhere in the README or docs/; {@code jvm_*}, {@code
 *       process_*} and {@code system_*} (Micrometer's standard names, documented by Micrometer) are
 *       covered by naming the wildcard;
 *   <li>every dotted config key the docs put in a code span ({@code `http.listen`}) loads without
 *       an "unknown key" error in the agent's own config loader, and every {@code `key:`} (a
 *       collector's option, whose keys depend on its type) is a key some config reader asks for,
 *       every {@code `--flag`} is a flag of the agent's, the demo's or a bench script's command
 *       line, and every {@code KSHEALTH_*}, {@code JAVA_OPTS} or {@code JAVA_HOME} is read by the
 *       launcher, the image, a config file or a script.
 * </ul>
 *
 * <p>It lives in the distribution module because that module depends on every agent module, so it
 * can start the agent wired as {@code Main} wires it, and it runs in every {@code verify} in a few
 * seconds, with no broker and no forked JVM (src-it would need both).
 *
 * <p>Also checked: the README's count of the default rule pack's rules and groups.
 *
 * <p>Not checked: that a {@code `key:`} belongs to the collector type the docs put it under (it is
 * matched by name), label names and values, metrics whose name only exists at run time (none
 * today), and prose. Each failure lists every offending name with its {@code file:line}, so the
 * docs can be fixed in one pass.
 */
class DocsMatchCodeTest {

  /** Standard names the agent's own JVM and process report, documented by their wildcard. */
  private static final Set<String> STANDARD_PREFIXES = Set.of("jvm_", "process_", "system_");

  /** Names under kshealth_ that are not metrics, and why the docs may write them. */
  private static final Map<String, String> NOT_METRICS =
      Map.of("kshealth_agent", "the collector name of the agent's own samples");

  /** Keys of files the agent does not read, which the docs show next to the agent's. */
  private static final Map<String, String> FOREIGN_KEYS =
      Map.of(
          "scheme", "a Kubernetes probe's scheme: HTTPS",
          "prometheus", "htpasswd's output, user name before the hash",
          "status", "a label a rule sets (labels: {status: \"\"})",
          "api_key", "a credential pair the redaction masks in a receiver's answer");

  /** Flags of other tools the docs name. */
  private static final Map<String, String> FOREIGN_FLAGS =
      Map.of(
          "--command-config", "kafka-consumer-groups' flag for a client properties file",
          "--under-min-isr-partitions", "kafka-topics' flag",
          "--generate-cds-archive", "jlink's flag, in the Dockerfile",
          "--cluster.peer", "Alertmanager's flag: a replica to gossip with",
          "--cluster.peer-timeout", "Alertmanager's flag: how long a replica waits for its peer",
          "--cluster.probe-interval", "Alertmanager's flag: how often it probes a peer",
          "--cluster.gossip-interval", "Alertmanager's flag: how often it gossips",
          "--cluster.pushpull-interval", "Alertmanager's flag: how often it syncs the full state");

  private static Path root;
  private static Set<String> emitted;
  private static final List<String> declarationProblems = new ArrayList<>();
  private static final List<Located> mentions = new ArrayList<>();

  private record Located(Path file, Mention mention) {
    String where() {
      return root.relativize(file) + ":" + mention.line() + ": " + mention.name();
    }
  }

  @BeforeAll
  static void read(@TempDir Path dir) throws Exception {
    root = Path.of("").toAbsolutePath().getParent();
    assertTrue(Files.isRegularFile(root.resolve("README.md")), "repository root: " + root);
    CodeNames code = new CodeNames(root);
    emitted = new TreeSet<>(code.declaredMetrics(declarationProblems));
    emitted.addAll(AgentScrape.families(dir));
    Set<String> configRoots = topLevelKeys(root.resolve("config/kshealth.yaml"));
    DocNames docs = new DocNames(emitted::contains, configRoots::contains);
    for (Path file : docs()) {
      docs.markdown(CodeNames.read(file)).forEach(m -> mentions.add(new Located(file, m)));
    }
    for (Path file : CodeNames.files(root.resolve("config"), ".yaml")) {
      docs.code(CodeNames.read(file)).forEach(m -> mentions.add(new Located(file, m)));
    }
  }

  @Test
  void everyMetricIsDeclaredWithALiteralName() {
    assertEquals(List.of(), declarationProblems);
  }

  @Test
  void everyMetricTheDocsNameIsEmitted() {
    assertNone(
        "metric names in the docs that the agent does not emit",
        mentionsOf(Kind.METRIC, name -> !NOT_METRICS.containsKey(name) && !isEmitted(name)));
  }

  @Test
  void everyMetricTheAgentEmitsIsDocumented() {
    Set<String> documented = new TreeSet<>();
    Set<String> wildcards = new TreeSet<>();
    for (Located l : mentions) {
      if (l.mention().kind() == Kind.METRIC && l.file().toString().endsWith(".md")) {
        String name = l.mention().name();
        (name.endsWith("*") ? wildcards : documented).add(name);
      }
    }
    List<String> undocumented =
        emitted.stream()
            .filter(name -> !documented.contains(name))
            .filter(
                name ->
                    STANDARD_PREFIXES.stream()
                        .noneMatch(p -> name.startsWith(p) && wildcards.contains(p + "*")))
            .toList();
    assertEquals(
        List.of(), undocumented, "metrics the agent emits that no README or docs/ page names");
  }

  /** A dotted key goes to the real config loader; a {@code `key:`} alone is matched by name. */
  @Test
  void everyConfigKeyTheDocsNameIsRead(@TempDir Path dir) throws Exception {
    Set<String> keys = new CodeNames(root).configKeys();
    ConfigProbe probe = new ConfigProbe(dir);
    List<String> offending = new ArrayList<>();
    for (Located l : mentions) {
      String name = l.mention().name();
      if (l.mention().kind() != Kind.CONFIG_KEY || FOREIGN_KEYS.containsKey(name)) {
        continue;
      }
      if (name.contains(".")) {
        probe.unknown(name).ifPresent(error -> offending.add(l.where() + " (" + error + ")"));
      } else if (!keys.contains(name)) {
        offending.add(l.where());
      }
    }
    assertNone("config keys in the docs that no config reader asks for", offending);
  }

  @Test
  void everyFlagTheDocsNameExists() {
    Set<String> flags = new CodeNames(root).flags();
    assertNone(
        "flags in the docs that no command line takes",
        mentionsOf(Kind.FLAG, name -> !FOREIGN_FLAGS.containsKey(name) && !flags.contains(name)));
  }

  @Test
  void everyEnvironmentVariableTheDocsNameIsRead() {
    Set<String> read = new CodeNames(root).environmentVariables();
    assertNone(
        "environment variables in the docs that nothing reads",
        mentionsOf(Kind.ENV, name -> !read.contains(name)));
  }

  @Test
  void theRulePackSizeTheReadmeStatesIsThePacks() {
    Matcher stated =
        Pattern.compile(
                "\\*\\*default rule pack\\*\\* \\(`config/rules/`\\): (\\d+) alerts and (\\d+)"
                    + " recording rules? in (\\d+) groups")
            .matcher(CodeNames.read(root.resolve("README.md")));
    assertTrue(stated.find(), "README.md no longer says how many rules the default pack has");
    int alerts = 0;
    int recording = 0;
    int groups = 0;
    for (Path file : CodeNames.files(root.resolve("config/rules"), ".yaml")) {
      if (file.getParent().equals(root.resolve("config/rules"))) {
        String text = CodeNames.read(file);
        alerts += (int) text.lines().filter(l -> l.matches("\\s*- alert:.*")).count();
        recording += (int) text.lines().filter(l -> l.matches("\\s*- record:.*")).count();
        groups += (int) text.lines().filter(l -> l.matches("\\s*- name:.*")).count();
      }
    }
    assertEquals(
        alerts + " alerts, " + recording + " recording, " + groups + " groups",
        stated.group(1)
            + " alerts, "
            + stated.group(2)
            + " recording, "
            + stated.group(3)
            + " groups",
        "README.md's count of the default rule pack");
  }

  private static boolean isEmitted(String name) {
    if (name.endsWith("*")) {
      String prefix = name.substring(0, name.length() - 1);
      return emitted.stream().anyMatch(e -> e.startsWith(prefix));
    }
    // A histogram's series, as PromQL names them.
    String family = name.replaceFirst("_(bucket|sum|count)$", "");
    return emitted.contains(name) || emitted.contains(family);
  }

  private static List<String> mentionsOf(Kind kind, Predicate<String> offending) {
    return mentions.stream()
        .filter(l -> l.mention().kind() == kind && offending.test(l.mention().name()))
        .map(Located::where)
        .toList();
  }

  private static void assertNone(String what, List<String> offending) {
    assertTrue(
        offending.isEmpty(),
        () -> offending.size() + " " + what + ":\n" + String.join("\n", offending));
  }

  private static List<Path> docs() {
    List<Path> docs = new ArrayList<>(List.of(root.resolve("README.md")));
    docs.addAll(CodeNames.files(root.resolve("docs"), ".md"));
    return docs;
  }

  private static Set<String> topLevelKeys(Path config) {
    return CodeNames.read(config)
        .lines()
        .filter(line -> line.matches("[a-z][a-z0-9-]*:.*"))
        .map(line -> line.substring(0, line.indexOf(':')))
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
