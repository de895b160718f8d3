package io.kshealth.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's demo command, run as a newcomer would: broker, sample app and agent come up, the
 * agent sees the app, and Ctrl-C (SIGINT) leaves no process and no temp dir behind.
 */
class DemoIT {

  private static final Pattern APP_PID = Pattern.compile("app +sample app \\S+ \\(pid (\\d+),");
  private static final Pattern AGENT_PID = Pattern.compile("agent +pid (\\d+),");

  @Test
  void demoStartsEverythingAndCtrlCStopsEverything(@TempDir Path dir) throws Exception {
    int port = Ports.freeLoopbackPort();
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    ProcessBuilder command =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Djava.io.tmpdir=" + tmp,
            "-jar",
            System.getProperty("kshealth.demo.jar"),
            "--port",
            Integer.toString(port),
            "--application-id",
            "demo-it-" + ProcessHandle.current().pid(),
            "--kshealth-home",
            Locations.home().toString());
    ChildProcess demo = ChildProcess.start("demo", command, dir.resolve("demo.log"));
    try {
      HttpClient http = HttpClient.newHttpClient();
      await()
          .atMost(Duration.ofMinutes(3))
          .ignoreExceptions()
          .until(() -> get(http, port, "/readyz").statusCode() == 200);
      long appPid = pid(demo, APP_PID);
      long agentPid = pid(demo, AGENT_PID);

      Map<?, ?> streamsApp =
          Status.collector(
              Json.object(Json.parse(get(http, port, "/api/v1/status").body())), "streams-app");
      assertEquals(true, streamsApp.get("up"), "status: " + streamsApp);
      assertEquals("pid " + appPid, streamsApp.get("target"));
      // The demo shows the app through the agent's eyes: attached, the client running.
      await()
          .atMost(Duration.ofMinutes(2))
          .until(
              () ->
                  demo.logLines().stream()
                      .anyMatch(l -> l.contains("agent sees: target up, client RUNNING")));

      List<ProcessHandle> children =
          ProcessHandle.of(demo.pid()).orElseThrow().descendants().toList();
      assertTrue(children.stream().anyMatch(p -> p.pid() == appPid), "app under the demo");
      assertTrue(children.stream().anyMatch(p -> p.pid() == agentPid), "agent under the demo");

      demo.interrupt();
      assertNotEquals(-1, demo.awaitExit(Duration.ofMinutes(1)), "demo still running after SIGINT");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
      try (Stream<Path> left = Files.list(tmp)) {
        assertEquals(List.of(), left.toList(), "the demo's temp files must be gone");
      }
      assertTrue(String.join("\n", demo.logLines()).contains("stopped"));
    } finally {
      demo.close();
    }
  }

  private static long pid(ChildProcess demo, Pattern pattern) throws IOException {
    for (String line : demo.logLines()) {
      Matcher m = pattern.matcher(line);
      if (m.find()) {
        return Long.parseLong(m.group(1));
      }
    }
    throw new AssertionError(
        "no " + pattern + " in the demo's output:\n" + String.join("\n", demo.logLines()));
  }

  private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
