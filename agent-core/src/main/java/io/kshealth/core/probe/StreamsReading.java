package io.kshealth.core.probe;

import io.kshealth.api.Sample;
import io.kshealth.api.Snapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What one streams collector run says that the probes need, read by the documented metric names.
 *
 * @param target up, unresponsive or down; empty when the run did not say
 * @param jvmStartMillis the target JVM's start, which changes on a restart
 * @param absentClients clients expected but not present (not yet seen, or never appeared)
 * @param pollRatios each stream thread's time since its last poll over max.poll.interval.ms
 */
record StreamsReading(
    String target,
    OptionalLong jvmStartMillis,
    List<ClientReading> clients,
    int absentClients,
    List<Double> pollRatios) {

  static StreamsReading of(Snapshot run) {
    String target = "";
    OptionalLong start = OptionalLong.empty();
    Map<String, String> states = new LinkedHashMap<>();
    Map<String, Double> alive = new LinkedHashMap<>();
    Map<String, Double> expected = new LinkedHashMap<>();
    Map<String, Double> restoring = new LinkedHashMap<>();
    int absent = 0;
    List<Double> ratios = new ArrayList<>();
    for (Sample s : run.samples()) {
      String client = s.labels().get("client_id");
      switch (s.metric().name()) {
        case "kshealth_target_state" -> {
          if (s.value() == 1.0) {
            target = String.valueOf(s.labels().get("state"));
          }
        }
        case "kshealth_target_jvm_start_time_seconds" ->
            start = OptionalLong.of(Math.round(s.value() * 1000));
        case "kshealth_streams_client_state" -> {
          if (s.value() == 1.0 && client != null) {
            states.put(client, String.valueOf(s.labels().get("state")));
          }
        }
        case "kshealth_streams_client_alive_threads" ->
            alive.put(String.valueOf(client), s.value());
        case "kshealth_streams_client_expected_threads" ->
            expected.put(String.valueOf(client), s.value());
        case "kshealth_streams_restoring_tasks" -> restoring.put(String.valueOf(client), s.value());
        case "kshealth_streams_clients" -> {
          String presence = s.labels().get("presence");
          if ("never_appeared".equals(presence) || "not_yet_seen".equals(presence)) {
            absent += (int) s.value();
          }
        }
        case "kshealth_streams_thread_poll_interval_ratio" -> ratios.add(s.value());
        default -> {}
      }
    }
    List<ClientReading> clients = new ArrayList<>();
    states.forEach(
        (id, state) ->
            clients.add(
                new ClientReading(
                    id,
                    state,
                    alive.getOrDefault(id, 0.0),
                    expected.getOrDefault(id, Double.NaN),
                    restoring.getOrDefault(id, 0.0))));
    return new StreamsReading(target, start, List.copyOf(clients), absent, List.copyOf(ratios));
  }

  /** The same clients, with the JVM not answering. */
  StreamsReading unresponsive() {
    return new StreamsReading("unresponsive", jvmStartMillis, clients, absentClients, pollRatios);
  }

  boolean targetUp() {
    return target.equals("up");
  }

  /** Whether every stream thread has gone past max.poll.interval.ms since its last poll. */
  boolean everyThreadPastPollLimit() {
    return !pollRatios.isEmpty() && pollRatios.stream().allMatch(r -> r >= 1.0);
  }
}
