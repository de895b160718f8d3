package io.kshealth.it.testbed;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.management.AttributeNotFoundException;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Ground truth from the sample app's own JMX, read the way a user would with JConsole: for
 * assertions only, never by the agent's code.
 */
public final class Jmx implements AutoCloseable {

  private final JMXConnector connector;
  private final MBeanServerConnection server;

  private Jmx(JMXConnector connector) throws IOException {
    this.connector = connector;
    this.server = connector.getMBeanServerConnection();
  }

  /** Connects to {@code url}; a hang guard of 30 s, since RMI itself has no timeout. */
  public static Jmx connect(String url) throws Exception {
    JMXServiceURL service = new JMXServiceURL(url);
    JMXConnector connector =
        CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return JMXConnectorFactory.connect(service, Map.of());
                  } catch (IOException e) {
                    throw new IllegalStateException("JMX connect to " + url + " failed", e);
                  }
                })
            .get(30, TimeUnit.SECONDS);
    return new Jmx(connector);
  }

  public MBeanServerConnection server() {
    return server;
  }

  public Set<ObjectName> names(String pattern) throws Exception {
    return server.queryNames(new ObjectName(pattern), null);
  }

  public Object get(ObjectName name, String attribute) throws Exception {
    return server.getAttribute(name, attribute);
  }

  /**
   * The one MBean matching {@code pattern}'s {@code attribute}; fails unless exactly one matches.
   */
  public Object get(String pattern, String attribute) throws Exception {
    Set<ObjectName> names = names(pattern);
    if (names.size() != 1) {
      throw new AssertionError("expected one MBean for " + pattern + ", found " + names);
    }
    return get(names.iterator().next(), attribute);
  }

  /**
   * The sum of a numeric attribute over every MBean matching {@code pattern}. A NaN, an MBean that
   * has not got the attribute yet (Kafka adds a sensor's attributes to an MBean one by one, after
   * registering it) and one unregistered since the query all count as missing.
   */
  public double sum(String pattern, String attribute) throws Exception {
    double sum = 0;
    for (ObjectName name : names(pattern)) {
      try {
        double value = ((Number) get(name, attribute)).doubleValue();
        if (!Double.isNaN(value)) {
          sum += value;
        }
      } catch (AttributeNotFoundException | InstanceNotFoundException notThereNow) {
        // missing data, not zero
      }
    }
    return sum;
  }

  /** The Streams client's state ({@code stream-metrics} {@code state}). */
  public String clientState() throws Exception {
    return (String) get("kafka.streams:type=stream-metrics,client-id=*", "state");
  }

  @Override
  public void close() throws IOException {
    connector.close();
  }
}
