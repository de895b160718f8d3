package io.kshealth.collectors.support.jmx;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import javax.rmi.ssl.SslRMIClientSocketFactory;

/**
 * Opens and holds the JMX connection. Used only from the connection's own thread, where a call may
 * block for as long as the target is paused.
 */
final class Connector {

  private final JmxTarget target;
  private JMXConnector connection;
  private MBeanServerConnection server;
  private OptionalLong connectedPid = OptionalLong.empty();
  private volatile String address = "";

  Connector(JmxTarget target) {
    this.target = target;
  }

  /** The open connection, opened first when there is none or it belongs to another process. */
  MBeanServerConnection connect(OptionalLong pid) throws IOException {
    if (connection != null && !connectedPid.equals(pid)) {
      disconnect();
    }
    if (connection == null) {
      JMXServiceURL url =
          target instanceof JmxTarget.Remote remote ? remote.url() : localAgent(pid.getAsLong());
      connection = JMXConnectorFactory.connect(url, environment());
      server = connection.getMBeanServerConnection();
      connectedPid = pid;
      address = url.toString();
    }
    return server;
  }

  /**
   * Starts the JMX agent inside a JVM that was started without JMX flags and returns its address: a
   * connector on the loopback interface that only local processes reach. Starting it again later
   * returns the same address.
   */
  private static JMXServiceURL localAgent(long pid) throws IOException {
    VirtualMachine vm;
    try {
      vm = VirtualMachine.attach(Long.toString(pid));
    } catch (AttachNotSupportedException e) {
      throw new IOException("cannot attach to pid " + pid + ": " + e.getMessage(), e);
    }
    try {
      return new JMXServiceURL(vm.startLocalManagementAgent());
    } finally {
      vm.detach();
    }
  }

  private Map<String, Object> environment() throws IOException {
    Map<String, Object> env = new HashMap<>();
    // The connector's own checker thread would ping the target every minute; each run's first
    // call already tells whether the connection lives.
    env.put("jmx.remote.x.client.connection.check.period", 0L);
    if (target instanceof JmxTarget.Remote remote) {
      if (remote.username().isPresent()) {
        env.put(
            JMXConnector.CREDENTIALS,
            new String[] {remote.username().get(), remote.currentPassword()});
      }
      if (remote.tls()) {
        env.put("com.sun.jndi.rmi.factory.socket", new SslRMIClientSocketFactory());
      }
    }
    return env;
  }

  /** Drops the connection; closing may fail on a connection that is already broken. */
  void disconnect() {
    JMXConnector c = connection;
    connection = null;
    server = null;
    connectedPid = OptionalLong.empty();
    if (c != null) {
      try {
        c.close();
      } catch (IOException e) {
        // It was broken already, which is why it is being dropped.
      }
    }
  }

  /** Where the connection goes; readable from any thread, for the status page. */
  String describe() {
    return address;
  }
}
