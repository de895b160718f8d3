package io.kshealth.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.core.testing.TestTls;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution with a web config file (exporter-toolkit format): HTTPS only, basic auth with a
 * bcrypt hash, probes exempt; reached as an operator does, with curl and with Debian's Prometheus.
 */
class WebConfigIT {

  private static final String USER = "prometheus";
  private static final String WEB_USERS =
      "basic_auth_users:\n  " + USER + ": " + TestTls.PASSWORD_HASH + "\n";

  /** Hang guard only: the agent is ready in seconds and Prometheus scrapes every second. */
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path dir;

  @Test
  void curlWithTheCaAndThePasswordScrapesAWrongPasswordGets401AndPlainHttpFails() throws Exception {
    TestTls.Server tls = TestTls.server(dir.resolve("tls"), WEB_USERS);
    try (Daemon agent =
        Kshealth.distribution()
            .start(
                dir,
                Map.of("KSHEALTH_DATA_DIR", dir.resolve("data").toString()),
                Kshealth.distribution().defaultConfig(),
                "--web.config.file",
                tls.webConfig().toString())) {
      Curl curl = new Curl(tls.pki().caCert(), agent.port());
      awaitReady(curl, agent);

      Exec.Result scrape = curl.get("/metrics", USER + ":" + TestTls.PASSWORD);
      assertEquals("200", curl.status(scrape), scrape::describe);
      assertTrue(scrape.stdout().contains("kshealth_collector_up{"), scrape::describe);

      Exec.Result wrong = curl.get("/metrics", USER + ":not-the-password");
      assertEquals("401", curl.status(wrong), wrong::describe);
      assertTrue(wrong.stdout().toLowerCase().contains("www-authenticate: basic"), wrong::describe);
      Exec.Result none = curl.get("/api/v1/status", null);
      assertEquals("401", curl.status(none), none::describe);
      Exec.Result probe = curl.get("/healthz", null);
      assertEquals("200", curl.status(probe), () -> "probes are exempt: " + probe.describe());

      Exec.Result plain =
          Exec.run(
              new ProcessBuilder(
                  Tools.host("curl", "curl"),
                  "-s",
                  "-o",
                  "/dev/null",
                  "-w",
                  "%{http_code}",
                  "--max-time",
                  "10",
                  "http://127.0.0.1:" + agent.port() + "/healthz"));
      assertNotEquals("200", plain.stdout().strip(), plain::describe);
      agent.closeCleanly();
    }
  }

  @Test
  void prometheusScrapesOverTlsWithBasicAuthAndAWrongPasswordIsDown() throws Exception {
    TestTls.Server tls = TestTls.server(dir.resolve("tls"), WEB_USERS);
    try (Daemon agent =
            Kshealth.distribution()
                .start(
                    dir,
                    Map.of(
                        "KSHEALTH_DATA_DIR", dir.resolve("data").toString(),
                        "KSHEALTH_WEB_CONFIG_FILE", tls.webConfig().toString()),
                    Kshealth.distribution().defaultConfig());
        Prometheus prometheus =
            Prometheus.start(
                dir.resolve("prometheus"),
                job("kshealth", TestTls.PASSWORD, tls.pki().caCert(), agent.port())
                    + job("kshealth-wrong", "wrong", tls.pki().caCert(), agent.port()))) {
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                Prometheus.Target good = prometheus.target("kshealth");
                assertEquals("up", good.health(), good::toString);
                assertTrue(prometheus.seriesCount("kshealth_collector_up{job=\"kshealth\"}") > 0);
                Prometheus.Target bad = prometheus.target("kshealth-wrong");
                assertEquals("down", bad.health(), bad::toString);
                assertTrue(bad.lastError().contains("401"), bad::toString);
              });
      agent.closeCleanly();
    }
  }

  private static String job(String name, String password, Path ca, int port) {
    return "- job_name: "
        + name
        + "\n  scheme: https\n  tls_config:\n    ca_file: "
        + ca
        + "\n  basic_auth:\n    username: "
        + USER
        + "\n    password: "
        + password
        + "\n  static_configs:\n  - targets: ['127.0.0.1:"
        + port
        + "']\n";
  }

  private static void awaitReady(Curl curl, Daemon agent) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              if (!agent.isAlive()) {
                throw new AssertionError("kshealth exited; log:\n" + agent.log());
              }
              // With no first run pending: the test reads what those runs made next.
              Exec.Result readyz = curl.get("/readyz", null);
              return curl.status(readyz).equals("200") && readyz.stdoutLines().contains("ready");
            });
  }

  /** curl against the agent over HTTPS, trusting the test CA only. */
  private record Curl(Path ca, int port) {

    /** GET with headers on stdout, then the body, then the status code on a line of its own. */
    Exec.Result get(String path, String userPassword) throws IOException, InterruptedException {
      List<String> command =
          new ArrayList<>(
              List.of(
                  Tools.host("curl", "curl"),
                  "-s",
                  "-i",
                  "--max-time",
                  "10",
                  "--cacert",
                  ca.toString(),
                  "-w",
                  "\n%{http_code}"));
      if (userPassword != null) {
        command.addAll(List.of("-u", userPassword));
      }
      command.add("https://127.0.0.1:" + port + path);
      return Exec.run(new ProcessBuilder(command));
    }

    String status(Exec.Result result) {
      List<String> lines = result.stdoutLines();
      return lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
    }
  }
}
