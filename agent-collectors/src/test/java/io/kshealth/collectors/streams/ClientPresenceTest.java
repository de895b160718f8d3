package io.kshealth.collectors.streams;

import static io.kshealth.collectors.support.jmx.SampleValues.values;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kshealth.api.Labels;
import io.kshealth.api.Sample;
import io.kshealth.api.Snapshot;
import io.kshealth.collectors.support.jmx.StreamsClient;
import io.kshealth.collectors.support.jmx.TargetJvm;
import io.kshealth.collectors.support.streams.ClientReading;
import io.kshealth.core.config.HistoryConfig;
import io.kshealth.core.history.HistoryStore;
import io.kshealth.core.history.SeriesPoints;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The life of a Streams client as the agent tells it, run by run, on the agent's clock. */
class ClientPresenceTest {

  static final Labels TARGET = Labels.of("target", "streams");
  static final StreamsClient APP_1 = new StreamsClient("app-1111", "app");
  static final StreamsClient APP_2 = new StreamsClient("app-2222", "app");
  static final Duration GRACE = Duration.ofMinutes(2);

  private final ClientPresence presence = new ClientPresence(OptionalInt.empty(), GRACE);
  private long now = 1_000_000;
  private TargetJvm jvm = new TargetJvm(OptionalLong.of(42), now - 5_000, 5_000);

  private List<Sample> run(ClientReading... clients) {
    jvm = new TargetJvm(jvm.pid(), jvm.startTimeMillis(), now - jvm.startTimeMillis());
    presence.observe(jvm, List.of(clients), now);
    Snapshot.Builder out = new Snapshot.Builder("streams", now);
    presence.report(out, TARGET, jvm, now);
    now += 10_000;
    return out.build().samples();
  }

  private static ClientReading reading(StreamsClient client, String state) {
    return new ClientReading(
        client,
        Optional.of(state),
        OptionalDouble.of(2),
        OptionalDouble.of(0),
        Optional.of("4.3.1"),
        Optional.of("INFO"));
  }

  /** The client's one-hot state, as the state whose sample is 1. */
  private static String state(List<Sample> samples, StreamsClient client) {
    List<String> on =
        samples.stream()
            .filter(s -> s.metric().equals(ClientPresence.STATE) && s.value() == 1)
            .filter(s -> client.clientId().equals(s.labels().get("client_id")))
            .map(s -> s.labels().get("state"))
            .toList();
    assertEquals(1, on.size(), on.toString());
    return on.get(0);
  }

  private static Map<String, Double> clients(List<Sample> samples) {
    Map<String, Double> byPresence = new TreeMap<>();
    samples.stream()
        .filter(s -> s.metric().equals(ClientPresence.CLIENTS))
        .forEach(s -> byPresence.put(s.labels().get("presence"), s.value()));
    return byPresence;
  }

  private static Map<String, Double> expect(
      int present, int gone, int closed, int notYetSeen, int neverAppeared) {
    return Map.of(
        "present", (double) present,
        "gone", (double) gone,
        "closed", (double) closed,
        "not_yet_seen", (double) notYetSeen,
        "never_appeared", (double) neverAppeared);
  }

  @Test
  void aClientNotSeenYetIsNotYetSeenDuringTheGracePeriodThenNeverAppeared() {
    assertEquals(expect(0, 0, 0, 1, 0), clients(run()));
    now = jvm.startTimeMillis() + GRACE.toMillis();
    assertEquals(expect(0, 0, 0, 0, 1), clients(run()));
    assertEquals(1.0, values(run(), TARGET).get("kshealth_streams_clients_expected"));
  }

  @Test
  void aClientWhoseMBeansVanishIsGoneAndStaysGone() {
    run(reading(APP_1, "RUNNING"));
    run(reading(APP_1, "PENDING_ERROR"));
    List<Sample> gone = run();
    assertEquals("GONE", state(gone, APP_1));
    assertEquals(expect(0, 1, 0, 0, 0), clients(gone));
    for (int i = 0; i < 3; i++) {
      List<Sample> later = run();
      assertEquals("GONE", state(later, APP_1));
      assertEquals(
          10.0 * (i + 1),
          values(later, APP_1.labels()).get("kshealth_streams_client_state_seconds"),
          "time since it went");
    }
  }

  @Test
  void aCleanShutdownIsClosedNotGone() {
    run(reading(APP_1, "RUNNING"));
    run(reading(APP_1, "PENDING_SHUTDOWN"));
    List<Sample> closed = run();
    assertEquals("CLOSED", state(closed, APP_1));
    assertEquals(expect(0, 0, 1, 0, 0), clients(closed));
  }

  @Test
  void timeInStateCountsFromTheChangeTheAgentSaw() {
    run(reading(APP_1, "RUNNING"));
    run(reading(APP_1, "REBALANCING"));
    run(reading(APP_1, "REBALANCING"));
    List<Sample> third = run(reading(APP_1, "REBALANCING"));
    assertEquals("REBALANCING", state(third, APP_1));
    assertEquals(20.0, values(third, APP_1.labels()).get("kshealth_streams_client_state_seconds"));
  }

  @Test
  void aClientOfTheSameApplicationThatAppearsAfterwardsReplacesAGoneOne() {
    run(reading(APP_1, "RUNNING"));
    run();
    List<Sample> replaced = run(reading(APP_2, "RUNNING"));
    assertEquals(expect(1, 0, 0, 0, 0), clients(replaced));
    assertEquals(
        List.of(),
        replaced.stream()
            .filter(s -> APP_1.clientId().equals(s.labels().get("client_id")))
            .toList());
  }

  @Test
  void twoClientsOfOneApplicationOneDiesTheOtherIsNoReplacement() {
    run(reading(APP_1, "RUNNING"), reading(APP_2, "RUNNING"));
    List<Sample> oneDied = run(reading(APP_2, "RUNNING"));
    assertEquals("GONE", state(oneDied, APP_1));
    assertEquals(expect(1, 1, 0, 0, 0), clients(oneDied));
    assertEquals(2.0, values(oneDied, TARGET).get("kshealth_streams_clients_expected"));
  }

  @Test
  void aRestartedJvmStartsWithNothingSeen() {
    run(reading(APP_1, "RUNNING"));
    run();
    jvm = new TargetJvm(OptionalLong.of(43), now, 0);
    List<Sample> fresh = run();
    assertEquals(expect(0, 0, 0, 1, 0), clients(fresh));
  }

  @Test
  void configuredClientsAreExpectedFromTheStart() {
    ClientPresence two = new ClientPresence(OptionalInt.of(2), GRACE);
    two.observe(jvm, List.of(reading(APP_1, "RUNNING")), now);
    Snapshot.Builder out = new Snapshot.Builder("streams", now);
    two.report(out, TARGET, jvm, now);
    assertEquals(expect(1, 0, 0, 1, 0), clients(out.build().samples()));
  }

  @Test
  void aGoneClientsSeriesStayLiveInTheHistoryForAsLongAsItsJvmLives() {
    HistoryStore history =
        new HistoryStore(
            new HistoryConfig(
                Duration.ofMinutes(30), 1000, Duration.ofMinutes(5), Optional.empty(), 1 << 20),
            Clock.fixed(Instant.ofEpochMilli(now), ZoneOffset.UTC));
    Snapshot.Builder first = new Snapshot.Builder("streams", now);
    run(reading(APP_1, "RUNNING")).forEach(first::add);
    history.append(first.build());
    for (int i = 0; i < 3; i++) {
      Snapshot.Builder later = new Snapshot.Builder("streams", now);
      run().forEach(later::add);
      history.append(later.build());
    }
    assertEquals(0, history.endedSeriesCount(), "GONE is reported, not a vanished series");
    Map<Labels, SeriesPoints> states = history.seriesNamed(ClientPresence.STATE.name());
    assertEquals(ClientPresence.STATES.size(), states.size());
    SeriesPoints gone = states.get(APP_1.labels().and("state", "GONE"));
    assertEquals(1.0, gone.values()[gone.size() - 1]);
  }
}
