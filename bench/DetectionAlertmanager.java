import com.fasterxml.jackson.jr.ob.JSON;
import io.kshealth.demo.driver.ChildProcess;
import io.kshealth.demo.driver.Ports;
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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Debian's Alertmanager for bench/detection.sh, on a loopback port, routing everything to a
 * receiver that notifies no one: the bench reads what it received from {@code GET /api/v2/alerts}.
 * (src-it's {@code Alertmanager} does the same for the tests, with more; it lives in test code,
 * which the bench cannot load.)
 */
final class DetectionAlertmanager implements AutoCloseable {

  /** One alert Alertmanager holds: its labels, and the startsAt the agent sent. */
  record Received(Map<String, String> labels, Instant startsAt) {}

  private final ChildProcess process;
  private final String url;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private DetectionAlertmanager(ChildProcess process, String url) {
    this.process = process;
    this.url = url;
  }

  static DetectionAlertmanager start(Path dir) throws Exception {
    Files.createDirectories(dir.resolve("storage"));
    Path config =
        Files.writeString(
            dir.resolve("alertmanager.yml"),
            "route:\n  receiver: discard\n  group_by: ['...']\n  group_wait: 1s\n"
                + "  group_interval: 1s\n  repeat_interval: 1h\nreceivers:\n- name: discard\n");
    int port = Ports.freeLoopbackPort();
    String url = "http://127.0.0.1:" + port;
    ChildProcess process =
        ChildProcess.start(
            "alertmanager",
            new ProcessBuilder(
                "prometheus-alertmanager",
                "--config.file=" + config,
                "--storage.path=" + dir.resolve("storage"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address="),
            dir.resolve("alertmanager.log"));
    DetectionAlertmanager am = new DetectionAlertmanager(process, url);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!am.ready()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("Alertmanager did not start; see " + process.log());
      }
      Thread.sleep(100);
    }
    return am;
  }

  String url() {
    return url;
  }

  private boolean ready() throws InterruptedException {
    try {
      return http.send(request("/-/ready"), HttpResponse.BodyHandlers.discarding()).statusCode()
          == 200;
    } catch (IOException notYet) {
      return false;
    }
  }

  /** The alerts it holds now (firing: Alertmanager hides those whose endsAt has passed). */
  List<Received> alerts() throws InterruptedException {
    List<Received> alerts = new ArrayList<>();
    try {
      String body =
          http.send(request("/api/v2/alerts"), HttpResponse.BodyHandlers.ofString()).body();
      for (Object item : JSON.std.listFrom(body)) {
        Map<?, ?> alert = (Map<?, ?>) item;
        Map<String, String> labels = new TreeMap<>();
        ((Map<?, ?>) alert.get("labels")).forEach((k, v) -> labels.put((String) k, (String) v));
        alerts.add(
            new Received(
                labels, OffsetDateTime.parse((String) alert.get("startsAt")).toInstant()));
      }
    } catch (IOException unanswered) {
      // counted as nothing received at this look
    }
    return alerts;
  }

  private HttpRequest request(String path) {
    return HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(5)).build();
  }

  @Override
  public void close() {
    process.close();
  }
}
