package io.kshealth.collectors.statedir;

import io.kshealth.collectors.support.jmx.TargetConnection;
import io.kshealth.collectors.support.rocksdb.StateDirLayout;
import io.kshealth.collectors.support.streams.ClientReader;
import io.kshealth.collectors.support.streams.ClientReading;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.management.JMException;
import javax.management.MBeanServerConnection;

/**
 * Whose stores the {@code state-dir} collector reads: the application ids configured, or those of
 * the Streams clients in the target JVM, read over JMX every run (one query, and one read per
 * client).
 *
 * <p>Why JMX rather than the directories modified lately: a live app touches its state dir only
 * when it has something to write (Kafka Streams writes a task's checkpoint after 10,000 records
 * under at-least-once, RocksDB flushes when a memtable fills), so an idle but healthy app would
 * vanish from the report, and a dead app's directory stays "recent" for as long as whatever last
 * touched it. The application id in the client's {@code stream-metrics} MBean is the one the app
 * writes under, whatever its traffic.
 *
 * <p>While the target is down or has no client (a restart, a client that died), the ids last seen
 * stay: the state dir is still that application's, and its size matters most then. A new
 * application id replaces the old as soon as its client appears.
 */
final class WatchedApplications implements AutoCloseable {

  private final Set<String> configured;

  /** Empty when the ids are configured. */
  private final Optional<TargetConnection> connection;

  private final ClientReader clients = new ClientReader();
  private Set<String> lastSeen = Set.of();
  private String status = "";

  /** The ids given in the config. */
  WatchedApplications(Set<String> configured) {
    this.configured = configured;
    this.connection = Optional.empty();
  }

  /** The ids of the clients of the target. */
  WatchedApplications(TargetConnection connection) {
    this.configured = Set.of();
    this.connection = Optional.of(connection);
  }

  /** The ids to read this run; empty while none has been seen. */
  Set<String> ids() throws IOException, InterruptedException {
    if (connection.isEmpty()) {
      return configured;
    }
    TargetConnection.Outcome<Set<String>> outcome =
        connection.get().call((server, jvm) -> applicationIds(clients, server));
    outcome.answer().filter(ids -> !ids.isEmpty()).ifPresent(ids -> lastSeen = ids);
    boolean current = outcome.answer().filter(ids -> !ids.isEmpty()).isPresent();
    String where =
        connection.get().describe() + " " + outcome.state().name().toLowerCase(Locale.ROOT);
    status =
        current
            ? ""
            : lastSeen.isEmpty()
                ? "waiting for the application.id of " + where
                : " (the application.id last seen: " + where + ", no Streams client)";
    return lastSeen;
  }

  /**
   * Why nothing, or the ids seen before, were read this run, for the collector's status; empty when
   * the ids are configured or were read this run.
   */
  String status() {
    return status;
  }

  private static Set<String> applicationIds(ClientReader clients, MBeanServerConnection server)
      throws IOException, JMException {
    return clients.read(server).stream()
        .map(ClientReading::client)
        .map(c -> c.applicationId())
        // An id that could name another directory is no Kafka application id.
        .filter(StateDirLayout::isApplicationId)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Override
  public void close() {
    connection.ifPresent(TargetConnection::close);
  }
}
