package io.kshealth.collectors.support.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.collectors.support.proc.ProcessSelector;
import io.kshealth.core.testing.MutableClock;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.StandardMBean;
import javax.management.remote.JMXAuthenticator;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import javax.security.auth.Subject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connection against a real RMI connector server in this JVM: answers, a call that never
 * returns (as to a paused JVM), a refused connection, and a server that comes back.
 */
class TargetConnectionTest {

  static final Duration TIMEOUT = Duration.ofMillis(300);

  /** A value that a test can hold back, as a frozen JVM holds back every answer. */
  public interface GateMBean {
    int getValue() throws InterruptedException;
  }

  static final class Gate implements GateMBean {
    final CountDownLatch open = new CountDownLatch(1);

    @Override
    public int getValue() throws InterruptedException {
      open.await();
      return 42;
    }
  }

  private final MutableClock clock = new MutableClock();
  private final MBeanServer server = MBeanServerFactory.newMBeanServer();
  private final Gate gate = new Gate();
  private JMXConnectorServer connectorServer;
  private TargetConnection connection;

  private JMXServiceURL serve() throws Exception {
    server.registerMBean(
        new StandardMBean(gate, GateMBean.class), MBeanValues.objectName("test:type=Gate"));
    connectorServer =
        JMXConnectorServerFactory.newJMXConnectorServer(
            new JMXServiceURL("service:jmx:rmi://127.0.0.1"), null, server);
    connectorServer.start();
    return connectorServer.getAddress();
  }

  private TargetConnection connect(JmxTarget target) {
    return connect(target, TIMEOUT);
  }

  /**
   * With a timeout that a first connection (class loading, RMI setup) meets even on a loaded
   * machine, for tests that expect an answer rather than a timeout.
   */
  private TargetConnection connectPatiently(JmxTarget target) {
    return connect(target, Duration.ofSeconds(10));
  }

  /** With the longest wait of each jitter range, so the waits read 1 s, 2 s, 4 s ... */
  private TargetConnection connect(JmxTarget target, Duration timeout) {
    connection =
        new TargetConnection(
            new TargetSettings(target, timeout, Duration.ofMinutes(1)),
            "test",
            clock,
            Path.of("/proc"),
            () -> 1.0);
    return connection;
  }

  /**
   * A JVM still starting refuses the attach; the growing wait between attempts had reached several
   * seconds by the time a loaded app was up (CI saw the lag collector miss the app's new group for
   * two runs). A young process is tried at every run; an old one waits as before. In a /proc of its
   * own: the process does not exist, so every attach fails.
   */
  @Test
  void aProcessStillStartingIsTriedAtEveryRunAnOldOneAfterTheWait(@TempDir Path proc)
      throws Exception {
    long pid = Integer.MAX_VALUE; // Above any pid_max: no such process, the attach fails at once.
    long bootSeconds = clock.millis() / 1000 - 1000;
    Files.writeString(proc.resolve("stat"), "cpu 0 0 0 0\nbtime " + bootSeconds + "\n");
    Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
    Files.writeString(dir.resolve("cmdline"), "java\0kshealth-starting-app\0");
    startedSecondsAgo(dir, 10);
    connection =
        new TargetConnection(
            new TargetSettings(
                new JmxTarget.Attach(
                    ProcessSelector.matching(java.util.regex.Pattern.compile("starting-app"))),
                TIMEOUT,
                Duration.ofMinutes(1)),
            "test",
            clock,
            proc,
            () -> 1.0);

    TargetConnection.Outcome<Object> first = connection.call(TargetConnectionTest::pid);
    assertEquals(TargetState.DOWN, first.state(), first.detail());
    TargetConnection.Outcome<Object> again = connection.call(TargetConnectionTest::pid);
    assertEquals(TargetState.DOWN, again.state());
    assertFalse(again.detail().contains("next attempt"), "tried again at once: " + again.detail());

    startedSecondsAgo(dir, 61);
    connection.call(TargetConnectionTest::pid); // Fails, and starts the wait.
    TargetConnection.Outcome<Object> waiting = connection.call(TargetConnectionTest::pid);
    assertTrue(waiting.detail().contains("next attempt in"), waiting.detail());
  }

  /** A {@code stat} line whose start time (field 22, ticks after boot) is that long ago. */
  private void startedSecondsAgo(Path dir, long seconds) throws IOException {
    long startTicks = (1000 - seconds) * 100;
    StringBuilder fields = new StringBuilder("S");
    for (int field = 4; field <= 44; field++) {
      fields.append(' ').append(field == 22 ? startTicks : 0);
    }
    Files.writeString(dir.resolve("stat"), dir.getFileName() + " (java) " + fields + "\n");
  }

  @AfterEach
  void stop() throws IOException {
    gate.open.countDown();
    if (connection != null) {
      connection.close();
    }
    if (connectorServer != null) {
      connectorServer.stop();
    }
  }

  private static Object gateValue(javax.management.MBeanServerConnection c, TargetJvm jvm)
      throws IOException, javax.management.JMException {
    return c.getAttribute(MBeanValues.objectName("test:type=Gate"), "Value");
  }

  @Test
  void aCallThatDoesNotReturnIsUnresponsiveUntilItDoes() throws Exception {
    TargetConnection c =
        connect(
            new JmxTarget.Remote(
                serve(), Optional.empty(), Optional.empty(), Optional.empty(), false));

    TargetConnection.Outcome<Object> hung = c.call(TargetConnectionTest::gateValue);
    assertEquals(TargetState.UNRESPONSIVE, hung.state(), hung.detail());
    assertTrue(hung.detail().startsWith("no answer within 0.3s"), hung.detail());

    // The blocked call is still out: no second one is made, and the answer is at once.
    TargetConnection.Outcome<Object> still = c.call(TargetConnectionTest::gateValue);
    assertEquals(TargetState.UNRESPONSIVE, still.state());
    assertTrue(still.detail().contains("has not returned"), still.detail());

    gate.open.countDown();
    TargetConnection.Outcome<Object> back =
        org.awaitility.Awaitility.await()
            .until(() -> c.call(TargetConnectionTest::gateValue), o -> o.state() == TargetState.UP);
    assertEquals(Optional.of(42), back.answer());
  }

  @Test
  void aRefusedConnectionIsDownAndRetriedAfterADelay() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    JMXServiceURL nothing =
        new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
    TargetConnection c =
        connect(
            new JmxTarget.Remote(
                nothing, Optional.empty(), Optional.empty(), Optional.empty(), false));

    TargetConnection.Outcome<Object> refused = c.call(TargetConnectionTest::gateValue);
    assertEquals(TargetState.DOWN, refused.state());
    assertEquals("connection refused", refused.detail());

    TargetConnection.Outcome<Object> waiting = c.call(TargetConnectionTest::gateValue);
    assertEquals(TargetState.DOWN, waiting.state());
    assertTrue(waiting.detail().endsWith("next attempt in 1.0s"), waiting.detail());

    clock.advance(Duration.ofSeconds(1));
    TargetConnection.Outcome<Object> again = c.call(TargetConnectionTest::gateValue);
    assertEquals("connection refused", again.detail(), "tried again once the delay passed");
    TargetConnection.Outcome<Object> longer = c.call(TargetConnectionTest::gateValue);
    assertTrue(longer.detail().endsWith("next attempt in 2.0s"), longer.detail());
  }

  @Test
  void aLostConnectionIsDown() throws Exception {
    JMXServiceURL url = serve();
    gate.open.countDown();
    TargetConnection c =
        connectPatiently(
            new JmxTarget.Remote(url, Optional.empty(), Optional.empty(), Optional.empty(), false));
    assertEquals(Optional.of(42), c.call(TargetConnectionTest::gateValue).answer());

    connectorServer.stop();
    TargetConnection.Outcome<Object> lost = c.call(TargetConnectionTest::gateValue);
    assertEquals(TargetState.DOWN, lost.state(), lost.detail());
  }

  /**
   * A connector server that asks for a password, read by the agent from a file at each connect: a
   * wrong one is access denied (the password not shown), the file fixed, the next attempt gets in.
   */
  @Test
  void aPasswordFileIsReadAtEachConnect(@TempDir Path dir) throws Exception {
    server.registerMBean(
        new StandardMBean(gate, GateMBean.class), MBeanValues.objectName("test:type=Gate"));
    gate.open.countDown();
    JMXAuthenticator monitorOnly =
        credentials -> {
          String[] pair = (String[]) credentials;
          if (!pair[0].equals("monitor") || !pair[1].equals("s3cret-2")) {
            throw new SecurityException("Authentication failed! Invalid username or password");
          }
          return new Subject();
        };
    connectorServer =
        JMXConnectorServerFactory.newJMXConnectorServer(
            new JMXServiceURL("service:jmx:rmi://127.0.0.1"),
            Map.of(JMXConnectorServer.AUTHENTICATOR, monitorOnly),
            server);
    connectorServer.start();
    Path passwordFile = Files.writeString(dir.resolve("jmx-password"), "s3cret-1\n");
    TargetConnection c =
        connectPatiently(
            new JmxTarget.Remote(
                connectorServer.getAddress(),
                Optional.of("monitor"),
                Optional.empty(),
                Optional.of(passwordFile),
                false));

    TargetConnection.Outcome<Object> denied = c.call(TargetConnectionTest::gateValue);
    assertEquals(TargetState.DOWN, denied.state());
    assertTrue(denied.detail().startsWith("access denied: "), denied.detail());
    assertFalse(denied.detail().contains("s3cret"), denied.detail());
    assertFalse(c.describe().contains("s3cret"), c.describe());

    Files.writeString(passwordFile, "s3cret-2\n");
    clock.advance(Duration.ofSeconds(1));
    assertEquals(Optional.of(42), c.call(TargetConnectionTest::gateValue).answer());
  }

  /** No process matches: down, with the reason on the status page. */
  @Test
  void anAttachTargetThatIsNotThereIsDown() throws Exception {
    TargetConnection c =
        connect(
            new JmxTarget.Attach(
                ProcessSelector.matching(
                    java.util.regex.Pattern.compile("no such command line \\d{40}"))));
    TargetConnection.Outcome<Object> none = c.call(TargetConnectionTest::gateValue);
    assertEquals(TargetState.DOWN, none.state());
    assertTrue(
        none.detail().startsWith("not found: process whose command line matches"), none.detail());
  }

  /**
   * A restart under load: the JVM that answered is gone, and its successor (a new process matching
   * the same command line) does not answer yet. Unresponsive, but replaced: what the old JVM said
   * is gone, not merely unknown.
   */
  @Test
  void aNewProcessThatDoesNotAnswerYetHasReplacedTheOneThatDid(@TempDir Path dir) throws Exception {
    String marker = "kshealth-replaced-" + ProcessHandle.current().pid();
    Path sleeper = Files.writeString(dir.resolve("Sleeper.java"), SLEEPER);
    TargetConnection c =
        connect(
            new JmxTarget.Attach(ProcessSelector.matching(java.util.regex.Pattern.compile(marker))),
            Duration.ofSeconds(2));
    Process first = sleeper(sleeper, marker);
    Process second = null;
    try {
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofMinutes(1))
          .until(
              () -> {
                // A JVM still starting refuses the attach: past the retry wait each time.
                clock.advance(Duration.ofMinutes(1));
                return c.call(TargetConnectionTest::pid).state() == TargetState.UP;
              });
      assertFalse(c.replacedSinceLastAnswer());
      first.destroyForcibly().waitFor();
      second = sleeper(sleeper, marker);
      // Stopped before its attach listener can answer: a JVM that is there but silent. Stopped
      // this early, it may not have removed a socket an earlier JVM of its pid left in /tmp; the
      // agent removes that one (see the next test), and the attach waits on the silent JVM.
      assertEquals(
          0, new ProcessBuilder("kill", "-STOP", Long.toString(second.pid())).start().waitFor());
      TargetConnection.Outcome<Object> silent = c.call(TargetConnectionTest::pid);
      assertEquals(TargetState.UNRESPONSIVE, silent.state(), silent.detail());
      assertEquals(java.util.OptionalLong.of(second.pid()), c.attachedPid());
      assertTrue(c.replacedSinceLastAnswer(), "the JVM that answered is gone");
    } finally {
      first.destroyForcibly();
      if (second != null) {
        new ProcessBuilder("kill", "-CONT", Long.toString(second.pid())).start().waitFor();
        second.destroyForcibly().waitFor();
      }
    }
  }

  /**
   * A process of a pid whose earlier JVM was killed and left its attach socket in {@code /tmp}: the
   * JDK connects to that socket, which nobody listens on, and never signals the new JVM to start
   * its listener. The socket is older than the process: removed, and the attach made again.
   */
  @Test
  void aSocketLeftByADeadJvmOfTheSamePidIsReplacedByTheJvmsOwn(@TempDir Path dir) throws Exception {
    String marker = "kshealth-stale-socket-" + ProcessHandle.current().pid();
    Path sleeper = Files.writeString(dir.resolve("Sleeper.java"), SLEEPER);
    TargetConnection c =
        connect(
            new JmxTarget.Attach(ProcessSelector.matching(java.util.regex.Pattern.compile(marker))),
            Duration.ofSeconds(10));
    Process app = sleeper(sleeper, marker);
    Path socket = Path.of("/tmp", ".java_pid" + app.pid());
    try {
      // A JVM removes a socket of its own pid as it starts: planted once it runs its main.
      awaitMain(app);
      try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
        dead.bind(UnixDomainSocketAddress.of(socket));
      }
      // As a JVM makes it; the JDK refuses to attach through a socket that others could use.
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
      Instant started = app.info().startInstant().orElseThrow();
      Files.setLastModifiedTime(socket, FileTime.from(started.minus(Duration.ofHours(1))));

      TargetConnection.Outcome<Object> up =
          org.awaitility.Awaitility.await()
              .atMost(Duration.ofMinutes(1))
              .until(
                  () -> {
                    clock.advance(Duration.ofMinutes(1));
                    return c.call(TargetConnectionTest::pid);
                  },
                  o -> o.state() == TargetState.UP);
      assertEquals(Optional.of(java.util.OptionalLong.of(app.pid())), up.answer());
      assertTrue(
          Files.getLastModifiedTime(socket).toInstant().isAfter(started.minusSeconds(1)),
          "the JVM's own socket");
      try (SocketChannel listener = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
        assertTrue(listener.isConnected(), "someone listens on " + socket);
      }
    } finally {
      app.destroyForcibly().waitFor();
      Files.deleteIfExists(socket);
    }
  }

  /**
   * Lives until its stdin closes: as long as the test holds it, and no longer if the test dies.
   * Says when its main runs.
   */
  private static final String SLEEPER =
      "class Sleeper { public static void main(String[] a) throws Exception {"
          + " System.out.println(\"main\"); System.out.flush(); System.in.read(); } }";

  private static void awaitMain(Process p) throws IOException {
    assertEquals(
        "main",
        new java.io.BufferedReader(
                new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
            .readLine());
  }

  /**
   * Runs in the source's directory: an attach to a stopped JVM leaves its {@code .attach_pid} file
   * in the JVM's working directory, which is then the test's temporary one.
   */
  private static Process sleeper(Path source, String marker) throws IOException {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx16m",
            "-Dmarker=" + marker,
            source.toString())
        .directory(source.getParent().toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static Object pid(javax.management.MBeanServerConnection c, TargetJvm jvm) {
    return jvm.pid();
  }
}
