package io.kshealth.collectors.support.streams;

import io.kshealth.collectors.support.jmx.MBeanValues;
import io.kshealth.collectors.support.jmx.StreamsClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import org.jspecify.annotations.Nullable;

/**
 * Finds the Streams clients of the target and reads their {@code stream-metrics}. Three MBeans per
 * client share that type: {@code client-id} alone (state, threads, application id, version), with
 * {@code process-id} (the recording level), and with {@code process-id} and {@code application-id}
 * (a numeric state, not read). One query finds all three.
 */
public final class ClientReader {

  static final String PATTERN = "kafka.streams:type=stream-metrics,*";
  private static final List<String> CLIENT =
      List.of(
          "state", "alive-stream-threads", "failed-stream-threads", "application-id", "version");
  private static final List<String> LEVEL = List.of("recording-level");

  /** Kafka's {@code Sensor.RecordingLevel} ids, in order. */
  private static final List<String> LEVELS = List.of("INFO", "DEBUG", "TRACE");

  /**
   * Each client's recording level, read once: it is fixed when the client is created, so reading it
   * every run would cost the target a call for nothing. Kept for the present clients only.
   */
  private final Map<String, String> levels = new HashMap<>();

  public List<ClientReading> read(MBeanServerConnection server) throws IOException, JMException {
    Map<String, ObjectName> main = new HashMap<>();
    Map<String, ObjectName> level = new HashMap<>();
    for (ObjectName name : MBeanValues.query(server, PATTERN)) {
      String clientId = MBeanValues.key(name, "client-id");
      if (clientId == null || name.getKeyProperty("application-id") != null) {
        continue;
      }
      (name.getKeyProperty("process-id") == null ? main : level).put(clientId, name);
    }
    List<ClientReading> clients = new ArrayList<>();
    for (Map.Entry<String, ObjectName> e : main.entrySet()) {
      MBeanValues v = MBeanValues.read(server, e.getValue(), CLIENT);
      Optional<String> applicationId = v.string("application-id");
      if (applicationId.isEmpty()) {
        // Unregistered between the query and the read: the client is closing.
        continue;
      }
      clients.add(
          new ClientReading(
              new StreamsClient(e.getKey(), applicationId.get()),
              v.string("state"),
              v.number("alive-stream-threads"),
              v.number("failed-stream-threads"),
              v.string("version"),
              recordingLevel(server, e.getKey(), level.get(e.getKey()))));
    }
    levels.keySet().retainAll(main.keySet());
    return clients;
  }

  private Optional<String> recordingLevel(
      MBeanServerConnection server, String clientId, @Nullable ObjectName name)
      throws IOException, JMException {
    if (!levels.containsKey(clientId) && name != null) {
      MBeanValues.read(server, name, LEVEL).number("recording-level").stream()
          .mapToObj(id -> id >= 0 && id < LEVELS.size() ? LEVELS.get((int) id) : "level " + id)
          .findFirst()
          .ifPresent(level -> levels.put(clientId, level));
    }
    return Optional.ofNullable(levels.get(clientId));
  }
}
