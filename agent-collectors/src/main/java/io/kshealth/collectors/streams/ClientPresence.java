package io.kshealth.collectors.streams;

import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.Snapshot;
import io.kshealth.collectors.support.jmx.StreamsClient;
import io.kshealth.collectors.support.jmx.TargetJvm;
import io.kshealth.collectors.support.streams.ClientReading;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Tracks each Streams client of one target JVM through its life, because Kafka cannot say a client
 * is dead: after all its stream threads die, Kafka unregisters every {@code kafka.*} MBean within a
 * second while the JVM runs on. So a client seen before and now without MBeans, in a JVM that
 * answers, is GONE, or CLOSED when its last state was a clean shutdown's. Clients expected but not
 * seen are not yet seen during the grace period after the JVM's start, and never appeared after it.
 *
 * <p>A gone or closed client is reported for as long as the JVM lives, unless a client of the same
 * application appears after it went: that one replaced it. A new JVM (another start time) starts
 * with nothing seen.
 */
final class ClientPresence {

  static final String GONE = "GONE";
  static final String CLOSED = "CLOSED";

  /** Kafka's states, then ours; all are reported so a rule sees 0 as well as 1. */
  static final List<String> STATES =
      List.of(
          "CREATED",
          "REBALANCING",
          "RUNNING",
          "PENDING_SHUTDOWN",
          "NOT_RUNNING",
          "PENDING_ERROR",
          "ERROR",
          GONE,
          CLOSED);

  private static final Set<String> SHUTTING_DOWN = Set.of("PENDING_SHUTDOWN", "NOT_RUNNING");

  static final Metric CLIENTS =
      Metric.gauge(
          "kshealth_streams_clients",
          "Streams clients of the target JVM by presence: present, gone (its MBeans vanished"
              + " while the JVM lives, as after thread death), closed, not_yet_seen (within the"
              + " grace period after the JVM started) and never_appeared.");
  static final Metric EXPECTED_CLIENTS =
      Metric.gauge(
          "kshealth_streams_clients_expected",
          "Streams clients expected in the target JVM: as configured, else the most seen at once.");
  static final Metric STATE =
      Metric.gauge(
          "kshealth_streams_client_state",
          "1 for the client's current state, 0 for the others: Kafka's states, plus GONE and"
              + " CLOSED for a client whose MBeans vanished.");
  static final Metric STATE_SECONDS =
      Metric.gauge(
          "kshealth_streams_client_state_seconds",
          "How long the client has been in its current state, as the agent saw the change.");

  private record Tracked(
      StreamsClient client, String state, long sinceMillis, long firstSeenMillis) {}

  private final OptionalInt expectedClients;
  private final Duration gracePeriod;
  private final Map<String, Tracked> clients = new LinkedHashMap<>();
  private long jvmStartMillis = -1;
  private int mostPresent;

  ClientPresence(OptionalInt expectedClients, Duration gracePeriod) {
    this.expectedClients = expectedClients;
    this.gracePeriod = gracePeriod;
  }

  /** Takes in one run's clients; {@code now} is the agent's clock. */
  void observe(TargetJvm jvm, List<ClientReading> present, long now) {
    if (jvm.startTimeMillis() != jvmStartMillis) {
      clients.clear();
      mostPresent = 0;
      jvmStartMillis = jvm.startTimeMillis();
    }
    Set<String> presentIds = new java.util.HashSet<>();
    for (ClientReading r : present) {
      String id = r.client().clientId();
      presentIds.add(id);
      Tracked before = clients.get(id);
      // A state not read this run (Kafka adds attributes late) keeps the last one.
      String state = r.state().orElse(before == null ? "CREATED" : before.state());
      if (before == null) {
        clients.put(id, new Tracked(r.client(), state, now, now));
      } else if (!before.state().equals(state)) {
        clients.put(id, new Tracked(r.client(), state, now, before.firstSeenMillis()));
      }
    }
    for (Tracked t : new ArrayList<>(clients.values())) {
      if (!presentIds.contains(t.client().clientId()) && !vanished(t)) {
        String state = SHUTTING_DOWN.contains(t.state()) ? CLOSED : GONE;
        clients.put(
            t.client().clientId(), new Tracked(t.client(), state, now, t.firstSeenMillis()));
      }
    }
    clients.values().removeIf(t -> vanished(t) && replaced(t));
    mostPresent = Math.max(mostPresent, presentIds.size());
  }

  private static boolean vanished(Tracked t) {
    return t.state().equals(GONE) || t.state().equals(CLOSED);
  }

  /** A client of the same application, first seen after this one went. */
  private boolean replaced(Tracked gone) {
    return clients.values().stream()
        .anyMatch(
            t ->
                !vanished(t)
                    && t.client().applicationId().equals(gone.client().applicationId())
                    && t.firstSeenMillis() >= gone.sinceMillis());
  }

  void report(Snapshot.Builder out, Labels target, TargetJvm jvm, long now) {
    int present = 0;
    int gone = 0;
    int closed = 0;
    for (Tracked t : clients.values()) {
      switch (t.state()) {
        case GONE -> gone++;
        case CLOSED -> closed++;
        default -> present++;
      }
      Labels labels = t.client().labels();
      for (String s : STATES) {
        out.add(STATE, labels.and("state", s), s.equals(t.state()) ? 1 : 0);
      }
      if (!STATES.contains(t.state())) {
        out.add(STATE, labels.and("state", t.state()), 1);
      }
      out.add(STATE_SECONDS, labels, (now - t.sinceMillis()) / 1000.0);
    }
    int expected = expectedClients.orElse(Math.max(1, mostPresent));
    int missing = Math.max(0, expected - present - gone - closed);
    boolean inGrace = jvm.uptimeMillis() < gracePeriod.toMillis();
    out.add(EXPECTED_CLIENTS, target, expected);
    out.add(CLIENTS, target.and("presence", "present"), present);
    out.add(CLIENTS, target.and("presence", "gone"), gone);
    out.add(CLIENTS, target.and("presence", "closed"), closed);
    out.add(CLIENTS, target.and("presence", "not_yet_seen"), inGrace ? missing : 0);
    out.add(CLIENTS, target.and("presence", "never_appeared"), inGrace ? 0 : missing);
  }
}
