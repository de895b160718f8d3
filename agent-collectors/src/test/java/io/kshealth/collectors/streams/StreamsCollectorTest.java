package io.kshealth.collectors.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.api.Snapshot;
import io.kshealth.collectors.support.jmx.JmxTarget;
import io.kshealth.collectors.support.jmx.MBeanValues;
import io.kshealth.collectors.support.jmx.TargetSettings;
import io.kshealth.collectors.support.rocksdb.SharedBlockCache;
import io.kshealth.core.testing.MutableClock;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.StandardMBean;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.MBeanServerForwarder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a run tells the history about the target JVM, against a real RMI connector server in this
 * JVM: its start time when it answers, a partial run when it does not answer in time (its series
 * are unknown, not gone), a whole run when it is down (its series end).
 */
class StreamsCollectorTest {

  static final long JVM_START = 1_700_000_000_000L;

  /** The target's {@code java.lang:type=Runtime}. */
  public interface RuntimeMBean {
    long getPid();

    long getStartTime();

    long getUptime();
  }

  static final class Runtime implements RuntimeMBean {
    @Override
    public long getPid() {
      return 1;
    }

    @Override
    public long getStartTime() {
      return JVM_START;
    }

    @Override
    public long getUptime() {
      return 60_000;
    }
  }

  /** Sits between the connector and the MBean server: freezes every call, as SIGSTOP would. */
  static final class Freezer implements InvocationHandler {
    volatile boolean frozen;
    final CountDownLatch thaw = new CountDownLatch(1);
    MBeanServer server;

    MBeanServerForwarder forwarder() {
      return (MBeanServerForwarder)
          Proxy.newProxyInstance(
              MBeanServerForwarder.class.getClassLoader(),
              new Class<?>[] {MBeanServerForwarder.class},
              this);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      switch (method.getName()) {
        case "setMBeanServer" -> {
          server = (MBeanServer) args[0];
          return null;
        }
        case "getMBeanServer" -> {
          return server;
        }
        default -> {
          if (frozen) {
            thaw.await();
          }
          try {
            return method.invoke(server, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        }
      }
    }
  }

  private final MutableClock clock = new MutableClock();
  private final Freezer freezer = new Freezer();
  private JMXConnectorServer connectorServer;
  private StreamsCollector collector;

  @AfterEach
  void stop() throws IOException {
    freezer.thaw.countDown();
    if (collector != null) {
      collector.close();
    }
    if (connectorServer != null) {
      connectorServer.stop();
    }
  }

  private StreamsCollector collector(JMXServiceURL url) {
    collector =
        new StreamsCollector(
            new StreamsSettings(
                new TargetSettings(
                    new JmxTarget.Remote(
                        url, Optional.empty(), Optional.empty(), Optional.empty(), false),
                    Duration.ofSeconds(2),
                    TargetSettings.DEFAULT_GRACE_PERIOD),
                OptionalInt.empty(),
                OptionalInt.empty(),
                StreamsSettings.DEFAULT_MAX_POLL_INTERVAL,
                Optional.empty(),
                SharedBlockCache.AUTO,
                Path.of("/nonexistent-proc"),
                Path.of("/nonexistent-root")),
            "streams",
            clock);
    return collector;
  }

  private Snapshot run() throws Exception {
    Snapshot.Builder out = new Snapshot.Builder("streams", clock.millis());
    collector.collect(out);
    clock.advance(Duration.ofSeconds(10));
    return out.build();
  }

  @Test
  void aRunNamesTheJvmsStartAndAFrozenJvmMakesAPartialRun() throws Exception {
    MBeanServer server = MBeanServerFactory.newMBeanServer();
    server.registerMBean(
        new StandardMBean(new Runtime(), RuntimeMBean.class),
        MBeanValues.objectName("java.lang:type=Runtime"));
    connectorServer =
        JMXConnectorServerFactory.newJMXConnectorServer(
            new JMXServiceURL("service:jmx:rmi://127.0.0.1"), null, server);
    connectorServer.setMBeanServerForwarder(freezer.forwarder());
    connectorServer.start();
    collector(connectorServer.getAddress());

    Snapshot up = run();
    assertEquals(OptionalLong.of(JVM_START), up.sourceStartMillis());
    assertFalse(up.partial());

    freezer.frozen = true;
    Snapshot frozen = run();
    assertTrue(frozen.partial(), "its clients are unknown, not gone");
    assertEquals(OptionalLong.empty(), frozen.sourceStartMillis());
  }

  @Test
  void aJvmThatIsDownMakesAWholeRunThatEndsItsSeries() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    collector(
        new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + closedPort + "/jmxrmi"));
    Snapshot down = run();
    assertFalse(down.partial());
    assertEquals(0.0, down.samples().get(0).value(), "kshealth_target_up");
  }
}
