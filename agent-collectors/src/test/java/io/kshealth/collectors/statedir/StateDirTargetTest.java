package io.kshealth.collectors.statedir;

import static io.kshealth.collectors.statedir.StateDirCollectorTest.APP;
import static io.kshealth.collectors.statedir.StateDirCollectorTest.STATE;
import static io.kshealth.collectors.statedir.StateDirCollectorTest.collect;
import static io.kshealth.collectors.statedir.StateDirCollectorTest.copyOf;
import static io.kshealth.collectors.statedir.StateDirCollectorTest.storesByApp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.collectors.support.cgroup.Cgroups;
import io.kshealth.collectors.support.jmx.FakeMBean;
import io.kshealth.collectors.support.jmx.JmxTarget;
import io.kshealth.collectors.support.jmx.TargetSettings;
import io.kshealth.core.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code state-dir} collector without configured ids, against the sample app's real state dir
 * beside the directories that earlier deployments left (other application ids), and a target JVM (a
 * real RMI connector server) whose Streams client says which application it runs.
 */
class StateDirTargetTest {

  static final String CLIENT = "kafka.streams:type=stream-metrics,client-id=";
  static final String STALE = "sample-app-v1";
  static final String NEXT = "sample-app-v2";

  private final MBeanServer server = MBeanServerFactory.newMBeanServer();
  private JMXConnectorServer connectorServer;
  private StateDirCollector collector;
  private Path state;

  @BeforeEach
  void start(@TempDir Path tmp) throws Exception {
    state = copyOf(STATE, tmp);
    // Redeploys under other application ids left their stores behind.
    copyOf(state.resolve(APP), Files.createDirectories(state.resolve(STALE)));
    copyOf(state.resolve(APP), Files.createDirectories(state.resolve(NEXT)));
    connectorServer =
        JMXConnectorServerFactory.newJMXConnectorServer(
            new JMXServiceURL("service:jmx:rmi://127.0.0.1"), null, server);
    connectorServer.start();
    JmxTarget target =
        new JmxTarget.Remote(
            connectorServer.getAddress(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            false);
    collector =
        new StateDirCollector(
            new StateDirSettings(
                state,
                Set.of(),
                // Patient: a first RMI connection on a loaded machine takes a while.
                Optional.of(
                    new TargetSettings(target, Duration.ofSeconds(10), Duration.ofMinutes(1))),
                Duration.ofMinutes(30),
                Cgroups.PROC),
            "state-dir",
            new MutableClock());
  }

  @AfterEach
  void stop() throws IOException {
    collector.close();
    connectorServer.stop();
  }

  private void client(String clientId, String applicationId) throws Exception {
    FakeMBean.register(
        server, CLIENT + clientId, "application-id", applicationId, "state", "RUNNING");
  }

  @Test
  void readsTheStoresOfTheTargetsApplicationNotThoseLeftBehind() throws Exception {
    client(APP + "-5e1f0b8a", APP);

    assertEquals(Map.of(APP, 18L), storesByApp(collect(collector)));
    assertEquals("sample-app: 6 tasks, 18 stores", collector.target().orElseThrow());
  }

  @Test
  void keepsTheLastApplicationWhileItsClientIsGoneAndFollowsANewOne() throws Exception {
    client(APP + "-5e1f0b8a", APP);
    collect(collector);

    // The app restarts: no client for a while, and its state dir is still its own.
    server.unregisterMBean(new ObjectName(CLIENT + APP + "-5e1f0b8a"));
    assertEquals(Map.of(APP, 18L), storesByApp(collect(collector)));
    String status = collector.target().orElseThrow();
    assertTrue(
        status.startsWith("sample-app: 6 tasks, 18 stores (the application.id last seen: ")
            && status.endsWith(" up, no Streams client)"),
        status);

    // Back under a new application id: the old one's stores are no longer read.
    client(NEXT + "-77aa", NEXT);
    assertEquals(Map.of(NEXT, 18L), storesByApp(collect(collector)));
  }

  @Test
  void readsNothingUntilTheTargetNamesItsApplication() throws Exception {
    assertEquals(List.of(), collect(collector));
    String status = collector.target().orElseThrow();
    assertTrue(
        status.startsWith("waiting for the application.id of ") && status.endsWith(" up"), status);
  }

  @Test
  void anApplicationIdThatWouldNameAnotherDirectoryIsNotFollowed() throws Exception {
    client("evil", "..");

    assertEquals(List.of(), collect(collector));
    assertTrue(collector.target().orElseThrow().startsWith("waiting"));
  }
}
