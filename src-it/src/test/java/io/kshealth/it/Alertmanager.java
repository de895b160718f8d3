package io.kshealth.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kshealth.demo.driver.ChildProcess;
import io.kshealth.demo.driver.Ports;
import io.kshealth.demo.driver.Series;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Debian's Alertmanager (package prometheus-alertmanager) as a child process on a loopback port:
 * clustering off unless it is a replica of an {@link AlertmanagerCluster}, its own storage and
 * config in a directory of the test's, its output appended to {@code alertmanager.log} there. It
 * can be stopped (or killed) and started again on the same port and storage, as an operator's
 * Alertmanager goes down for a while. Alertmanager keeps alerts in memory only: after a restart it
 * holds what clients have sent since.
 */
final class Alertmanager implements AutoCloseable {

  /** Hang guard only: Alertmanager is ready in well under a second. */
  static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /**
   * One alert of {@code GET /api/v2/alerts}: Alertmanager lists firing alerts only, hiding an alert
   * once its {@code endsAt} has passed.
   *
   * @param state {@code status.state}: unprocessed, active or suppressed
   * @param updatedAt when Alertmanager last received it, by Alertmanager's clock
   */
  record Alert(
      Map<String, String> labels,
      Map<String, String> annotations,
      Instant startsAt,
      Instant endsAt,
      Instant updatedAt,
      String fingerprint,
      String state,
      String generatorUrl,
      List<String> receivers) {}

  /**
   * The {@code cluster} part of {@code GET /api/v2/status}.
   *
   * @param status {@code disabled}, {@code settling} (it holds notifications back) or {@code ready}
   * @param peers the members it sees, itself included
   */
  record ClusterStatus(String status, int peers) {}

  private final Path dir;
  private final int port;
  private final Optional<String> webhookUrl;
  private final List<String> clusterFlags;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(REQUEST_TIMEOUT)
          .build();
  private ChildProcess process;

  private Alertmanager(Path dir, int port, Optional<String> webhookUrl, List<String> clusterFlags) {
    this.dir = dir;
    this.port = port;
    this.webhookUrl = webhookUrl;
    this.clusterFlags = List.copyOf(clusterFlags);
  }

  /** Starts one that routes every alert to a receiver that notifies no one. */
  static Alertmanager start(Path dir) throws IOException {
    return start(dir, Optional.empty());
  }

  /**
   * Starts one that, when {@code webhookUrl} is present, sends its own notifications there (firing
   * and resolved, each alert in a group of its own, after a second's wait); otherwise it notifies
   * no one.
   */
  static Alertmanager start(Path dir, Optional<String> webhookUrl) throws IOException {
    return start(dir, webhookUrl, List.of("--cluster.listen-address="));
  }

  /**
   * The same, with the {@code --cluster.*} flags of a replica (see {@link AlertmanagerCluster}).
   */
  static Alertmanager start(Path dir, Optional<String> webhookUrl, List<String> clusterFlags)
      throws IOException {
    Files.createDirectories(dir);
    Alertmanager alertmanager =
        new Alertmanager(dir, Ports.freeLoopbackPort(), webhookUrl, clusterFlags);
    Files.writeString(alertmanager.config(), alertmanager.configText());
    Files.createDirectories(alertmanager.storage());
    alertmanager.start();
    return alertmanager;
  }

  /** Starts it (again) on its port and storage; returns once {@code /-/ready} answers 200. */
  void start() throws IOException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("Alertmanager already runs: " + process);
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                Tools.host("prometheus-alertmanager", "prometheus-alertmanager"),
                "--config.file=" + config(),
                "--storage.path=" + storage(),
                "--web.listen-address=127.0.0.1:" + port,
                "--web.external-url=" + url(),
                "--log.level=debug"));
    command.addAll(clusterFlags);
    process = ChildProcess.start("alertmanager", new ProcessBuilder(command), log());
    try {
      await()
          .atMost(READY_TIMEOUT)
          .pollInterval(Duration.ofMillis(50))
          .until(() -> readyStatus() == 200);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("Alertmanager never became ready; log:\n" + logText(), e);
    }
  }

  /** SIGTERM, and waits for it to exit; its port and storage stay for {@link #start()}. */
  void stop() throws IOException, InterruptedException {
    int code = process.stop();
    if (code != 0) {
      throw new AssertionError("Alertmanager exited with " + code + " on SIGTERM:\n" + logText());
    }
  }

  /** SIGKILL, as a crash or a lost node ends it: no chance to leave its cluster or save state. */
  void kill() throws IOException, InterruptedException {
    Signal.send("KILL", process.pid());
    int code = process.stop();
    if (code != 137) {
      throw new AssertionError("Alertmanager exited with " + code + " on SIGKILL:\n" + logText());
    }
  }

  boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** {@code http://127.0.0.1:PORT}, the same across restarts. */
  String url() {
    return "http://127.0.0.1:" + port;
  }

  Path log() {
    return dir.resolve("alertmanager.log");
  }

  String logText() throws IOException {
    return Files.exists(log()) ? Files.readString(log()) : "(no log)";
  }

  /** {@code GET /api/v2/alerts}: the alerts it holds that have not ended. */
  List<Alert> alerts() throws IOException, InterruptedException {
    List<Alert> alerts = new ArrayList<>();
    for (Object item : Json.array(Json.parse(get("/api/v2/alerts")))) {
      Map<?, ?> alert = Json.object(item);
      List<String> receivers = new ArrayList<>();
      for (Object receiver : Json.array(alert.get("receivers"))) {
        receivers.add((String) Json.object(receiver).get("name"));
      }
      alerts.add(
          new Alert(
              strings(alert.get("labels")),
              strings(alert.get("annotations")),
              time(alert.get("startsAt")),
              time(alert.get("endsAt")),
              time(alert.get("updatedAt")),
              (String) alert.get("fingerprint"),
              (String) Json.object(alert.get("status")).get("state"),
              (String) alert.get("generatorURL"),
              receivers));
    }
    return alerts;
  }

  /** {@code GET /api/v2/status}: how it sees its cluster. */
  ClusterStatus clusterStatus() throws IOException, InterruptedException {
    Map<?, ?> cluster = Json.object(Json.object(Json.parse(get("/api/v2/status"))).get("cluster"));
    Object peers = cluster.get("peers");
    return new ClusterStatus(
        (String) cluster.get("status"), peers == null ? 0 : Json.array(peers).size());
  }

  /** The sum of its own metric {@code name}'s samples whose labels include {@code match}. */
  double metric(String name, Map<String, String> match) throws IOException, InterruptedException {
    return Series.sum(Series.parse(get("/metrics")), name, match);
  }

  /** The alerts whose labels include all of {@code match}. */
  List<Alert> alerts(Map<String, String> match) throws IOException, InterruptedException {
    return alerts().stream()
        .filter(a -> a.labels().entrySet().containsAll(match.entrySet()))
        .toList();
  }

  /** {@code POST /api/v2/alerts} of a JSON array as a client sends it; the status code. */
  int post(String alertsJson) throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(URI.create(url() + "/api/v2/alerts"))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(alertsJson))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  /** Stops it if it runs, also when a test failed halfway. */
  @Override
  public void close() {
    if (process != null) {
      process.close();
    }
  }

  /** Alertmanager's RFC 3339 times, with whatever offset its time zone gives them. */
  static Instant time(Object value) {
    return OffsetDateTime.parse((String) value).toInstant();
  }

  static Map<String, String> strings(Object value) {
    Map<String, String> strings = new LinkedHashMap<>();
    if (value != null) {
      Json.object(value).forEach((k, v) -> strings.put((String) k, (String) v));
    }
    return strings;
  }

  /** The body of {@code GET path}, which must answer 200. */
  private String get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url() + path)).timeout(REQUEST_TIMEOUT).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), () -> "GET " + path + ": " + response.body());
    return response.body();
  }

  private int readyStatus() throws IOException, InterruptedException {
    if (!process.isAlive()) {
      throw new AssertionError(
          "Alertmanager exited with code "
              + process.awaitExit(Duration.ZERO)
              + " before ready; log:\n"
              + logText());
    }
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(url() + "/-/ready"))
                  .timeout(REQUEST_TIMEOUT)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException notListeningYet) {
      return -1;
    }
  }

  private Path config() {
    return dir.resolve("alertmanager.yml");
  }

  private Path storage() {
    return dir.resolve("storage");
  }

  /**
   * One route. With a webhook: group by alertname, notify after 1 s and on every change after 1 s
   * more, resolved alerts too, and repeat only after an hour so a test sees changes only.
   */
  private String configText() {
    String route =
        "route:\n"
            + "  receiver: "
            + (webhookUrl.isPresent() ? "webhook" : "discard")
            + "\n"
            + "  group_by: ['...']\n"
            + "  group_wait: 1s\n"
            + "  group_interval: 1s\n"
            + "  repeat_interval: 1h\n";
    String receivers = "receivers:\n" + "- name: discard\n";
    if (webhookUrl.isPresent()) {
      receivers +=
          "- name: webhook\n"
              + "  webhook_configs:\n"
              + "  - url: \""
              + webhookUrl.get()
              + "\"\n"
              + "    send_resolved: true\n";
    }
    return route + receivers;
  }
}
