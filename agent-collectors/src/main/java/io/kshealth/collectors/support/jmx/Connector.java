package io.kshealth.collectors.support.jmx;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import javax.rmi.ssl.SslRMIClientSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * Opens and holds the JMX connection. Used only from the connection's own thread, where a call may
 * block for as long as the target is paused.
 */
final class Connector {

  /** A connection and the process it reaches (empty for a remote target). */
  private record Open(JMXConnector connector, ListedNames names, OptionalLong pid) {}

  private final JmxTarget target;
  private final StaleAttachSocket staleSocket;

  /** Null while there is no connection: none yet, or dropped since. */
  private @Nullable Open open;

  private volatile String address = "";

  /**
   * @param proc where the target's process is read, for a socket its pid's dead JVM left behind
   */
  Connector(JmxTarget target, Path proc) {
    this.target = target;
    this.staleSocket = new StaleAttachSocket(proc);
  }

  /** The open connection, opened first when there is none or it belongs to another process. */
  MBeanServerConnection connect(OptionalLong pid) throws IOException {
    if (open != null && !open.pid().equals(pid)) {
      disconnect();
    }
    Open o = open;
    if (o == null) {
      JMXServiceURL url =
          target instanceof JmxTarget.Remote remote ? remote.url() : localAgent(pid.getAsLong());
      JMXConnector connector = JMXConnectorFactory.connect(url, environment());
      try {
        o = new Open(connector, new ListedNames(connector.getMBeanServerConnection()), pid);
      } catch (IOException e) {
        close(connector);
        throw e;
      }
      open = o;
      address = url.toString();
    }
    return o.names().connection();
  }

  /**
   * Starts a run on the open connection: what its queries listed is kept while the target's MBeans
   * stay the same (see {@link ListedNames}).
   */
  void startRun() throws IOException {
    Open o = open;
    if (o != null) {
      o.names().startRun();
    }
  }

  /** The connection already open, if any: for work that must never open one. */
  @Nullable MBeanServerConnection current() {
    Open o = open;
    return o == null ? null : o.names().connection();
  }

  /**
   * Starts the JMX agent inside a JVM that was started without JMX flags and returns its address: a
   * connector on the loopback interface that only local processes reach. Starting it again later
   * returns the same address. An attach that fails is made once more if a socket left by a dead JVM
   * of the same pid was in its way (see {@link StaleAttachSocket}).
   */
  private JMXServiceURL localAgent(long pid) throws IOException {
    VirtualMachine vm;
    try {
      vm = attach(pid);
    } catch (IOException e) {
      StaleAttachSocket.Finding found = staleSocket.removeIfStale(pid);
      if (found.removed()) {
        vm = attach(pid);
      } else if (found.detail().isEmpty()) {
        throw e;
      } else {
        throw new IOException(e.getMessage() + "; " + found.detail(), e);
      }
    }
    try {
      return new JMXServiceURL(vm.startLocalManagementAgent());
    } finally {
      vm.detach();
    }
  }

  private static VirtualMachine attach(long pid) throws IOException {
    try {
      return VirtualMachine.attach(Long.toString(pid));
    } catch (AttachNotSupportedException e) {
      throw new IOException("cannot attach to pid " + pid + ": " + e.getMessage(), e);
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
    Open o = open;
    open = null;
    if (o != null) {
      close(o.connector());
    }
  }

  private static void close(JMXConnector connector) {
    try {
      connector.close();
    } catch (IOException e) {
      // It was broken already, which is why it is being dropped.
    }
  }

  /** Where the connection goes; readable from any thread, for the status page. */
  String describe() {
    return address;
  }
}
