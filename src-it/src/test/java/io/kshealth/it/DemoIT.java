package io.kshealth.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.demo.driver.AgentAlert;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The README's demo command, run as a newcomer would: broker, sample app and agent come up, the
 * agent sees the app, and Ctrl-C (SIGINT) leaves no process and no temp dir behind; with a
 * scenario, the alert meant for it fires and resolves.
 */
class DemoIT {

  private static final Pattern APP_PID = Pattern.compile("app +sample app \\S+ \\(pid (\\d+),");
  private static final Pattern AGENT_PID = Pattern.compile("agent +pid (\\d+),");

  @Test
  void demoStartsEverythingAndCtrlCStopsEverything(@TempDir Path dir) throws Exception {
    int port = Ports.freeLoopbackPort();
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    ChildProcess demo = start(dir, tmp, port);
    try {
      HttpClient http = HttpClient.newHttpClient();
      await()
          .atMost(Duration.ofMinutes(3))
          .ignoreExceptions()
          .until(() -> get(http, port, "/readyz").body().equals("ready\n"));
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

  /**
   * The demo with a scenario shows the rule meant for it fire, the app's liveness probe turn 503,
   * and, once the demo removes the fault (it restarts the app {@code healAfter} seconds after the
   * first alert fires: after liveness has had its say), the alert resolve: on its console and on
   * the agent's {@code /api/v1/alerts}.
   */
  @ParameterizedTest
  @CsvSource({
    "thread-death, KafkaStreamsClientGone, 5, stopped_at: .* @ \\d+ \\(end \\d+",
    "stall, KafkaStreamsLagStalled, 30, stuck_frames: .*FaultSwitch\\.await"
  })
  void aScenarioShowsItsAlertFireThenResolve(
      String scenario, String alert, String healAfter, String evidence, @TempDir Path dir)
      throws Exception {
    int port = Ports.freeLoopbackPort();
    ChildProcess demo =
        start(
            dir,
            Files.createDirectories(dir.resolve("tmp")),
            port,
            "--scenario",
            scenario,
            "--fault-after",
            "5",
            "--heal-after",
            healAfter);
    try {
      HttpClient http = HttpClient.newHttpClient();
      Set<String> states = new TreeSet<>();
      try {
        await()
            .atMost(Duration.ofMinutes(4))
            .ignoreExceptions()
            .until(
                () -> {
                  states.addAll(alertStates(http, port, alert));
                  return states.contains("resolved") && console(demo, "RESOLVED", alert);
                });
      } catch (ConditionTimeoutException e) {
        throw new AssertionError(
            alert
                + " did not fire and resolve; seen "
                + states
                + "; the demo printed:\n"
                + String.join("\n", demo.logLines()),
            e);
      }
      assertTrue(states.contains("firing"), alert + " on /api/v1/alerts: " + states);
      assertTrue(console(demo, "FIRING", alert), String.join("\n", demo.logLines()));
      // Under the firing alert, where it is stuck (docs/evidence.md): the stall's stuck thread in
      // the fault switch's wait, the dead client's partition and offsets.
      Pattern shown = Pattern.compile("\\] +" + evidence);
      assertTrue(
          demo.logLines().stream().anyMatch(l -> shown.matcher(l).find()),
          "the demo shows the evidence " + shown + ":\n" + String.join("\n", demo.logLines()));
      assertTrue(
          demo.logLines().stream()
              .anyMatch(l -> l.contains("/probe/app/live 503 (restart the app")),
          "the demo shows liveness asking for a restart:\n" + String.join("\n", demo.logLines()));
      assertTrue(
          demo.logLines().stream().anyMatch(l -> l.contains("health   ok; /probe/app/ready 200")),
          "the demo shows a healthy verdict:\n" + String.join("\n", demo.logLines()));
      demo.interrupt();
      assertNotEquals(-1, demo.awaitExit(Duration.ofMinutes(1)), "demo still running after SIGINT");
    } finally {
      demo.close();
    }
  }

  private static ChildProcess start(Path dir, Path tmp, int port, String... args)
      throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp,
                "-jar",
                System.getProperty("kshealth.demo.jar"),
                "--port",
                Integer.toString(port),
                "--application-id",
                "demo-it-" + ProcessHandle.current().pid() + "-" + port,
                "--kshealth-home",
                Locations.home().toString()));
    command.addAll(List.of(args));
    return ChildProcess.start("demo", new ProcessBuilder(command), dir.resolve("demo.log"));
  }

  /** Whether the demo printed {@code alert STATE NAME}. */
  private static boolean console(ChildProcess demo, String state, String alert) throws IOException {
    Pattern line = Pattern.compile("alert " + state + " +" + alert + " ");
    return demo.logLines().stream().anyMatch(l -> line.matcher(l).find());
  }

  /** The states the agent's {@code /api/v1/alerts} shows {@code alert} in now. */
  private static List<String> alertStates(HttpClient http, int port, String alert)
      throws Exception {
    return AgentAlert.parse(get(http, port, "/api/v1/alerts").body()).stream()
        .filter(a -> a.name().equals(alert))
        .map(AgentAlert::state)
        .toList();
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
