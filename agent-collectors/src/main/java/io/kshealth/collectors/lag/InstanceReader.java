package io.kshealth.collectors.lag;

import io.kshealth.collectors.support.jmx.MBeanValues;
import io.kshealth.collectors.support.jmx.TargetConnection;
import io.kshealth.collectors.support.jmx.TargetJvm;
import io.kshealth.collectors.support.jmx.TargetSettings;
import io.kshealth.collectors.support.jmx.TargetState;
import io.kshealth.collectors.support.streams.ClientReader;
import io.kshealth.collectors.support.streams.ClientReading;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;

/**
 * Reads, over the watched instance's JMX, what ties it to the group: its Streams client's
 * application id and state, and the client ids of its consumers (the group's members carry them).
 * Two queries and one read per client, each run.
 */
final class InstanceReader implements AutoCloseable {

  private static final String CONSUMERS = "kafka.consumer:type=consumer-metrics,client-id=*";

  /**
   * States in which a client consumes nothing: not started yet (an app holding its client back), or
   * stopping or stopped. Members in the group with its consumers' ids are then its predecessor's.
   */
  private static final Set<String> STOPPED =
      Set.of("CREATED", "PENDING_SHUTDOWN", "NOT_RUNNING", "PENDING_ERROR", "ERROR");

  private final TargetConnection connection;
  private final ClientReader clients = new ClientReader();

  InstanceReader(TargetSettings target, String name, Clock clock, Path proc) {
    this.connection = new TargetConnection(target, name, clock, proc);
  }

  /**
   * @param group the group's id when configured: a client of another application in the same JVM
   *     does not count
   */
  InstanceView read(Optional<String> group) throws IOException, InterruptedException {
    TargetConnection.Outcome<InstanceView> outcome =
        connection.call((server, jvm) -> read(server, jvm, group));
    return outcome
        .answer()
        .orElse(InstanceView.unread(outcome.state(), connection.replacedSinceLastAnswer()));
  }

  private InstanceView read(MBeanServerConnection server, TargetJvm jvm, Optional<String> group)
      throws IOException, JMException {
    List<ClientReading> readings =
        clients.read(server).stream()
            .filter(c -> group.isEmpty() || group.get().equals(c.client().applicationId()))
            .toList();
    Optional<String> applicationId =
        readings.stream().map(c -> c.client().applicationId()).findFirst();
    // The most active of its clients: one of them running is enough for its members to consume.
    Consumption consumption =
        readings.stream()
            .map(InstanceReader::consumption)
            .max(Comparator.naturalOrder())
            .orElse(Consumption.NONE);
    Set<String> consumers = new TreeSet<>();
    for (ObjectName name : MBeanValues.query(server, CONSUMERS)) {
      consumers.add(MBeanValues.key(name, "client-id"));
    }
    return new InstanceView(
        TargetState.UP, applicationId, consumption, consumers, jvm.startTimeMillis());
  }

  /** A client whose state could not be read is taken to process, as a paused JVM is. */
  private static Consumption consumption(ClientReading client) {
    String state = client.state().orElse("RUNNING");
    if (STOPPED.contains(state)) {
      return Consumption.NONE;
    }
    return state.equals("REBALANCING") ? Consumption.STARTING : Consumption.PROCESSING;
  }

  String describe() {
    return connection.describe();
  }

  @Override
  public void close() {
    connection.close();
  }
}
