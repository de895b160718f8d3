package io.kshealth.demo.driver;

import static org.awaitility.Awaitility.await;

import io.kshealth.demo.app.AppEvents;
import io.kshealth.demo.app.SampleStreamsApp;
import io.kshealth.demo.app.SampleTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The sample Streams app running in a JVM of its own, as the tests and the demo see it from
 * outside: its PID, its JMX port, and the events it reports on stdout.
 */
public final class SampleApp implements AutoCloseable {

  /** A hang guard for one start; a healthy app is RUNNING within seconds. */
  public static final Duration START_TIMEOUT = Duration.ofMinutes(2);

  private final SampleAppOptions options;
  private final String runId;
  private final Integer jmxPort;
  private final ChildProcess process;

  private SampleApp(SampleAppOptions options, String runId, Integer jmxPort, ChildProcess process) {
    this.options = options;
    this.runId = runId;
    this.jmxPort = jmxPort;
    this.process = process;
  }

  /** Starts the app's JVM; it is not RUNNING yet (see {@link #awaitState}). */
  public static SampleApp start(SampleAppOptions options) throws IOException {
    return start(options, options.jmx() ? Ports.freeLoopbackPort() : null);
  }

  private static SampleApp start(SampleAppOptions options, Integer jmxPort) throws IOException {
    String runId = UUID.randomUUID().toString();
    // Made here, not only by Kafka Streams a moment later, so whatever watches it can start now.
    Files.createDirectories(options.stateDir());
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    // C1 only: a test-bed app lives a minute at a few hundred records a second, and C2's compiler
    // threads would spend more CPU on it than its records do, starving the agents beside it.
    command.add("-XX:TieredStopAtLevel=1");
    if (jmxPort != null) {
      command.addAll(jmxFlags(jmxPort));
    }
    command.addAll(List.of("-cp", TestBedClasspath.get(), SampleStreamsApp.class.getName()));
    command.addAll(options.arguments(runId));
    Path log = options.workDir().resolve("app-" + runId.substring(0, 8) + ".log");
    ChildProcess process =
        ChildProcess.start(
            "sample app " + options.applicationId(), new ProcessBuilder(command), log);
    return new SampleApp(options, runId, jmxPort, process);
  }

  /** Remote JMX without authentication, on the loopback interface only, one port for RMI too. */
  private static List<String> jmxFlags(int port) {
    return List.of(
        "-Dcom.sun.management.jmxremote",
        "-Dcom.sun.management.jmxremote.port=" + port,
        "-Dcom.sun.management.jmxremote.rmi.port=" + port,
        "-Dcom.sun.management.jmxremote.host=127.0.0.1",
        "-Djava.rmi.server.hostname=127.0.0.1",
        "-Dcom.sun.management.jmxremote.authenticate=false",
        "-Dcom.sun.management.jmxremote.ssl=false");
  }

  public String applicationId() {
    return options.applicationId();
  }

  public SampleTopics topics() {
    return options.topics();
  }

  /** The id control records must carry for this JVM to act on them. */
  public String runId() {
    return runId;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public OptionalInt jmxPort() {
    return jmxPort == null ? OptionalInt.empty() : OptionalInt.of(jmxPort);
  }

  /** {@code service:jmx:rmi:///jndi/rmi://127.0.0.1:PORT/jmxrmi}; fails if JMX is off. */
  public String jmxUrl() {
    if (jmxPort == null) {
      throw new IllegalStateException(applicationId() + " runs without remote JMX");
    }
    return "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi";
  }

  public Path log() {
    return process.log();
  }

  /** Every event the app reported so far, oldest first. */
  public List<AppEvent> events() {
    try {
      List<AppEvent> events = new ArrayList<>();
      for (String line : process.logLines()) {
        Map<String, String> fields = AppEvents.parse(line);
        if (fields != null) {
          String event = fields.remove("event");
          Instant at = Instant.ofEpochMilli(Long.parseLong(fields.remove("at")));
          events.add(new AppEvent(event, Map.copyOf(fields), at));
        }
      }
      return events;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The number of transitions into {@code state} so far. */
  public long transitionsTo(String state) {
    return events().stream().filter(e -> e.isStateChangeTo(state)).count();
  }

  /** The client's current state, as the app last reported it ("CREATED" before any transition). */
  public String state() {
    return events().stream()
        .filter(e -> e.event().equals("state"))
        .reduce((first, second) -> second)
        .map(e -> e.get("to"))
        .orElse("CREATED");
  }

  /** Waits until the client has reported {@code state} for the n-th time ({@code n} ≥ 1). */
  public AppEvent awaitState(String state, int n, Duration timeout) {
    try {
      return await()
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                List<AppEvent> reached =
                    events().stream().filter(e -> e.isStateChangeTo(state)).toList();
                if (reached.size() >= n) {
                  return reached.get(n - 1);
                }
                if (!process.isAlive()) {
                  throw new IllegalStateException(this + " exited before " + state + "; " + tail());
                }
                return null;
              },
              event -> event != null);
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException(
          this + " did not reach " + state + " (#" + n + ") within " + timeout + "; " + tail(), e);
    }
  }

  /** Waits for the first RUNNING. */
  public SampleApp awaitRunning() {
    awaitState("RUNNING", 1, START_TIMEOUT);
    return this;
  }

  /**
   * The restore fault: stops this JVM cleanly, deletes the app's local state, and starts a fresh
   * JVM (new PID and run id, same JMX port) that must restore every store from its changelog,
   * waiting {@code restoreBatchDelay} after each restored batch so that the restore lasts.
   */
  public SampleApp restartWithWipedState(Duration restoreBatchDelay)
      throws IOException, InterruptedException {
    stop();
    Directories.deleteRecursively(options.stateDir());
    return start(options.withRestoreBatchDelay(restoreBatchDelay), jmxPort);
  }

  /**
   * Heals a fault: stops this JVM cleanly and starts a fresh one on the same state and JMX port.
   * The new JVM has a new run id, so it ignores the control records the fault left in the topics.
   */
  public SampleApp restart() throws IOException, InterruptedException {
    stop();
    return start(options, jmxPort);
  }

  /** Stops the app (SIGTERM, a clean close); its exit code. */
  public int stop() throws InterruptedException {
    return process.stop();
  }

  @Override
  public void close() {
    process.close();
  }

  private String tail() {
    try {
      List<String> lines = process.logLines();
      return "log tail:\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "log unreadable: " + e;
    }
  }

  @Override
  public String toString() {
    return "sample app " + applicationId() + " (pid " + pid() + ", run " + runId + ")";
  }
}
