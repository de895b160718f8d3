package io.kshealth.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kshealth.demo.driver.Ports;
import io.kshealth.demo.driver.Series;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data dir as a hostile disk makes it, with the real distribution (its launcher's {@code
 * -Xmx32m}): an outbox far beyond the heap while a receiver is down, a data dir that fills up, and
 * one that is read-only from the start. Nothing may be lost without being counted, the agent keeps
 * running, and it says what is wrong with its data dir in its own alert.
 */
class DataDirIT {

  /** Hang guard only. */
  static final Duration WAIT = Duration.ofSeconds(120);

  static final long MIB = 1024 * 1024;

  /** An annotation as large as the ones that ran the agent out of heap. */
  static final int ANNOTATION_CHARS = 20_000;

  /** Alerts flapping at once: each evaluation queues one batch of this many 20 KB alerts. */
  static final int FLAPPING_RULES = 24;

  /** Far beyond the agent's whole heap (32 MiB), let alone its outbox memory bound (2 MiB). */
  static final long OUTBOX_ON_DISK = 64 * MIB;

  private final Kshealth kshealth = Kshealth.distribution();

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path workDir;

  /**
   * A webhook receiver down while 24 alerts with 20 KB annotations flap every 200 ms: the outbox
   * grows past 64 MiB on disk in an agent with a 32 MiB heap; restarted, the agent starts at once
   * with that outbox; and once the receiver is back, every notification either run queued arrives,
   * none dropped.
   */
  @Test
  void anOutboxFarBeyondTheHeapSurvivesARestartAndLosesNothing() throws Exception {
    int port = Ports.freeLoopbackPort(); // nothing listens: the receiver is down
    Path data = workDir.resolve("data");
    Path outbox = data.resolve("outbox").resolve("hook");
    Path rules = workDir.resolve("rules.yaml");
    Files.writeString(rules, flappingRules("int(value) % 2 == 0"));
    Path config =
        config(
            data,
            List.of(rules),
            "200ms",
            "    hook: {type: webhook, url: \"http://127.0.0.1:" + port + "/hook\"}\n",
            "{max-entries: 100000, retry-min: 200ms, retry-max: 1s}");
    List<String> logs = new ArrayList<>();
    try (Daemon agent = kshealth.start(workDir, Map.of(), config)) {
      agent.awaitReady();
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(500))
          .until(() -> !agent.isAlive() || bytes(outbox) > OUTBOX_ON_DISK);
      assertTrue(agent.isAlive(), () -> "the agent died:\n" + tail(agent));
      System.out.printf(
          "data-dir: outbox %d MiB on disk, %s batches; agent heap used %.1f MiB of max %.1f MiB%n",
          bytes(outbox) / MIB,
          value(agent, "kshealth_notifications_queued", Map.of("notifier", "hook")),
          value(agent, "jvm_memory_used_bytes", Map.of("area", "heap")) / MIB,
          value(agent, "jvm_memory_max_bytes", Map.of("area", "heap")) / MIB);
      agent.stopCleanly();
      logs.add(agent.log());
    }
    assertFalse(logs.get(0).contains("OutOfMemoryError"), logs.get(0));
    long queuedAtStop = bytes(outbox);

    // Restarted with rules that no longer hold: the flapping alerts resolve once, and that is all.
    Files.writeString(rules, flappingRules("int(value) % 2 == 5"));
    try (Daemon agent = kshealth.start(workDir, Map.of(), config)) {
      agent.awaitReady();
      assertTrue(
          agent.log().contains("bytes, still to deliver"),
          () -> "says what waits:\n" + tail(agent));
      assertTrue(
          value(agent, "kshealth_notifications_queued_bytes", Map.of("notifier", "hook"))
              >= queuedAtStop,
          "the whole outbox is queued again");
      awaitEvaluations(agent, 5);
      try (BatchCounter receiver = BatchCounter.start(port)) {
        await()
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> value(agent, "kshealth_notifications_queued", Map.of("notifier", "hook")),
                q -> q == 0.0);
        assertEquals(0.0, value(agent, "kshealth_notifications_dropped_total", Map.of()));
        assertEquals(0.0, value(agent, "kshealth_notifications_unqueued_total", Map.of()));
        agent.stopCleanly();
        logs.add(agent.log());
        String all = all(logs);
        System.out.printf(
            "data-dir: %d firing and %d resolved notifications delivered after the restart%n",
            receiver.count("firing"), receiver.count("resolved"));
        assertEquals(
            transitions(all, "fired"), receiver.count("firing"), "every firing notification");
        assertEquals(
            transitions(all, "resolved"),
            receiver.count("resolved"),
            "every resolved notification");
      }
      assertFalse(all(logs).contains("OutOfMemoryError"));
    }
  }

  /**
   * A 64 KiB tmpfs as data dir, nearly full, and an alert with a 20 KB annotation: it cannot be
   * queued, so it goes to the running Alertmanager directly and is counted; the agent's own
   * KshealthDataDirUnwritable fires and reaches Alertmanager too; no temporary file is left.
   */
  @Test
  void aFullDataDirSendsTheAlertDirectlyAndSaysSo() throws Exception {
    try (Alertmanager alertmanager = Alertmanager.start(workDir.resolve("alertmanager"));
        Tmpfs tmpfs = Tmpfs.mount(workDir.resolve("data"), "64k")) {
      // What is left after this filler is too little for the alert (the probe at start fits).
      Files.write(tmpfs.dir().resolve("filler"), new byte[48 * 1024]);
      Path config = alertConfig(tmpfs.dir(), alertmanager);
      try (Daemon agent = kshealth.start(workDir, Map.of(), config)) {
        agent.awaitReady();
        within().until(() -> !alertmanager.alerts(Map.of("alertname", "Big")).isEmpty());
        within()
            .until(
                () ->
                    value(
                        agent,
                        "kshealth_notifications_unqueued_total",
                        Map.of("notifier", "am", "outcome", "sent_direct")),
                n -> n >= 1.0);
        assertEquals(
            0.0, value(agent, "kshealth_data_dir_writable", Map.of("dir", tmpfs.dir().toString())));
        within()
            .until(
                () -> alertmanager.alerts(Map.of("alertname", "KshealthDataDirUnwritable")),
                l -> !l.isEmpty());
        assertTrue(agent.log().contains("No space left on device"), () -> tail(agent));
        assertEquals(List.of(), temporaryFiles(tmpfs.dir()), "no temporary file left");
        agent.stopCleanly();
        assertEquals(List.of(), temporaryFiles(tmpfs.dir()), "none after the shutdown either");
      }
    }
  }

  /**
   * A data dir that is read-only when the agent starts: it runs, without persistence, says so once
   * naming the path and the reason, its alert reaches Alertmanager, and KshealthDataDirUnwritable
   * fires.
   */
  @Test
  void aReadOnlyDataDirAtStartRunsWithoutPersistenceAndSaysSo() throws Exception {
    try (Alertmanager alertmanager = Alertmanager.start(workDir.resolve("alertmanager"));
        Tmpfs tmpfs = Tmpfs.mount(workDir.resolve("data"), "1m")) {
      tmpfs.readOnly();
      Path config = alertConfig(tmpfs.dir(), alertmanager);
      try (Daemon agent = kshealth.start(workDir, Map.of(), config)) {
        agent.awaitReady();
        String warning = grep(agent.log(), "is not writable");
        assertTrue(
            warning.contains(tmpfs.dir().toString()) && warning.contains("Read-only file system"),
            "one warning naming the path and the reason:\n" + agent.log());
        String log = agent.log();
        assertFalse(log.contains("cannot start"), log);
        within().until(() -> !alertmanager.alerts(Map.of("alertname", "Big")).isEmpty());
        within()
            .until(
                () -> alertmanager.alerts(Map.of("alertname", "KshealthDataDirUnwritable")),
                l -> !l.isEmpty());
        assertEquals(
            0.0, value(agent, "kshealth_data_dir_writable", Map.of("dir", tmpfs.dir().toString())));
        agent.stopCleanly();
      }
    }
  }

  /**
   * 24 rules (480 KB of annotations, under the 512 Ki characters a rule set may hold) on the
   * agent's own evaluation counter, each with a 20 KB description.
   */
  static String flappingRules(String expr) {
    StringBuilder rules = new StringBuilder("groups:\n- name: flap\n  rules:\n");
    for (int i = 0; i < FLAPPING_RULES; i++) {
      String name = String.format("Flap%02d", i);
      rules
          .append("  - alert: ")
          .append(name)
          .append("\n    series: kshealth_rule_evaluations_total\n    expr: ")
          .append(expr)
          .append("\n    labels: {severity: info}\n    annotations:\n      description: \"")
          .append((name + " ").repeat(ANNOTATION_CHARS / (name.length() + 1)))
          .append("\"\n");
    }
    return rules.toString();
  }

  /** An alert that fires at once with a 20 KB annotation, and the pack's agent rules. */
  Path alertConfig(Path data, Alertmanager alertmanager) throws IOException {
    Path rules =
        Files.writeString(
            workDir.resolve("rules.yaml"),
            "groups:\n- name: big\n  rules:\n  - alert: Big\n"
                + "    series: kshealth_rule_evaluations_total\n    expr: value >= 1.0\n"
                + "    labels: {severity: warning}\n    annotations:\n      description: \""
                + "x".repeat(ANNOTATION_CHARS)
                + "\"\n");
    return config(
        data,
        List.of(rules, kshealth.home().resolve("config/rules/agent.yaml")),
        "500ms",
        "    am: {type: alertmanager, urls: [\"" + alertmanager.url() + "\"]}\n",
        "{retry-min: 200ms, retry-max: 1s}");
  }

  Path config(Path data, List<Path> rules, String interval, String notifiers, String outbox)
      throws IOException {
    return Files.writeString(
        workDir.resolve("kshealth.yaml"),
        "http: {listen: \"127.0.0.1:0\"}\n"
            + "history: {data-dir: \""
            + data
            + "\"}\n"
            + "collectors:\n"
            + "  agent: {type: process, pid: self, interval: 1s}\n"
            + "alerting:\n"
            + "  rules: ["
            + rules.stream().map(r -> "\"" + r + "\"").collect(Collectors.joining(", "))
            + "]\n"
            + "  evaluation-interval: "
            + interval
            + "\n"
            + "  resend-delay: 2s\n"
            + "  notifiers:\n"
            + notifiers
            + "  outbox: "
            + outbox
            + "\n");
  }

  private static final Pattern TRANSITION = Pattern.compile("Flap\\d\\d (fired|resolved) ");

  /** How many transitions of the flapping rules the agent logged: each is one notification. */
  static long transitions(String log, String kind) {
    Matcher m = TRANSITION.matcher(log);
    long n = 0;
    while (m.find()) {
      n += m.group(1).equals(kind) ? 1 : 0;
    }
    return n;
  }

  static long bytes(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(dir)) {
      long total = 0;
      for (Path f : (Iterable<Path>) files::iterator) {
        try {
          total += Files.size(f);
        } catch (IOException e) {
          // delivered and deleted meanwhile
        }
      }
      return total;
    }
  }

  static List<Path> temporaryFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
    }
  }

  static double value(Daemon agent, String name, Map<String, String> match)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> response = agent.get("/metrics");
    assertEquals(200, response.statusCode());
    return Series.sum(Series.parse(new String(response.body(), UTF_8)), name, match);
  }

  static void awaitEvaluations(Daemon agent, double atLeast) {
    within().until(() -> value(agent, "kshealth_rule_evaluations_total", Map.of()) >= atLeast);
  }

  static ConditionFactory within() {
    return await().atMost(WAIT).pollInterval(Duration.ofMillis(100));
  }

  static String all(List<String> logs) {
    return String.join("\n", logs);
  }

  static String grep(String log, String word) {
    return log.lines().filter(l -> l.contains(word)).collect(Collectors.joining("\n"));
  }

  /** The end of the agent's log, for a failure message. */
  static String tail(Daemon agent) {
    List<String> lines;
    try {
      lines = agent.log().lines().toList();
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  /**
   * A webhook receiver that keeps only a count of the alerts it got by status: the payloads of an
   * outbox this large would not fit the test's heap either.
   */
  static final class BatchCounter implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    private final Map<String, Long> counts = new java.util.concurrent.ConcurrentHashMap<>();

    private BatchCounter(HttpServer server) {
      this.server = server;
    }

    static BatchCounter start(int port) throws IOException {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
      BatchCounter counter = new BatchCounter(server);
      server.createContext("/", counter::handle);
      server.setExecutor(counter.thread);
      server.start();
      return counter;
    }

    long count(String status) {
      return counts.getOrDefault(status, 0L);
    }

    private void handle(HttpExchange exchange) throws IOException {
      try (exchange) {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
          body = new String(in.readAllBytes(), UTF_8);
        }
        for (Object item : Json.array(Json.object(Json.parse(body)).get("alerts"))) {
          Optional.ofNullable((String) Json.object(item).get("status"))
              .ifPresent(s -> counts.merge(s, 1L, Long::sum));
        }
        exchange.sendResponseHeaders(200, -1);
      }
    }

    @Override
    public void close() {
      server.stop(0);
      thread.shutdownNow();
    }
  }
}
