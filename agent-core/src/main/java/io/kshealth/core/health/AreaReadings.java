package io.kshealth.core.health;

import io.kshealth.api.Sample;
import io.kshealth.api.Snapshot;
import io.kshealth.core.schedule.CollectorStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads each area from the latest successful runs of the collectors that feed it, by collector
 * type: whether the agent sees it, and its key facts in base units.
 */
final class AreaReadings {

  private final List<CollectorStatus> collectors;
  private final Function<String, Optional<Snapshot>> latest;

  AreaReadings(List<CollectorStatus> collectors, Function<String, Optional<Snapshot>> latest) {
    this.collectors = collectors;
    this.latest = latest;
  }

  AreaReading read(Area area) {
    return switch (area) {
      case STREAMS -> streams();
      case LAG -> lag();
      case MEMORY -> memory();
      case DISK -> disk();
      case EBS -> ebs();
      case HOST -> host();
      case AGENT -> agent();
    };
  }

  private AreaSources sources(String... types) {
    return AreaSources.of(Set.of(types), collectors, latest);
  }

  private AreaReading streams() {
    AreaSources sources = sources("streams");
    AreaReading r = AreaReading.from(sources, "no streams collector is configured");
    SampleIndex s = sources.samples();
    List<String> target = s.hot("kshealth_target_state", "state");
    r.fact("target", target.isEmpty() ? null : String.join(",", target));
    if (target.contains("unresponsive")) {
      r.blind("the app's JVM did not answer within the collector's timeout (paused or stuck)");
    } else if (target.contains("down")) {
      r.blind("the app's JVM is not running or cannot be reached");
    }
    r.fact("clients", clients(s));
    r.fact("clients_expected", s.sum("kshealth_streams_clients_expected"));
    r.fact("poll_interval_ratio_max", s.max("kshealth_streams_thread_poll_interval_ratio"));
    r.fact("restoring_tasks", s.sum("kshealth_streams_restoring_tasks"));
    r.fact("restore_eta_seconds", s.max("kshealth_streams_restore_eta_seconds"));
    return r;
  }

  private static List<Map<String, @Nullable Object>> clients(SampleIndex s) {
    Map<String, Map<String, @Nullable Object>> byClient = new LinkedHashMap<>();
    for (Sample state : s.all("kshealth_streams_client_state")) {
      String client = state.labels().get("client_id");
      if (client != null && state.value() == 1.0) {
        Map<String, @Nullable Object> c = new LinkedHashMap<>();
        c.put("client_id", client);
        c.put("application_id", state.labels().get("application_id"));
        c.put("state", state.labels().get("state"));
        byClient.put(client, c);
      }
    }
    perClient(s, byClient, "kshealth_streams_client_state_seconds", "state_seconds");
    perClient(s, byClient, "kshealth_streams_client_alive_threads", "threads_alive");
    perClient(s, byClient, "kshealth_streams_client_expected_threads", "threads_expected");
    return new ArrayList<>(byClient.values());
  }

  private static void perClient(
      SampleIndex s,
      Map<String, Map<String, @Nullable Object>> byClient,
      String metric,
      String key) {
    for (Sample sample : s.all(metric)) {
      Map<String, @Nullable Object> c = byClient.get(sample.labels().get("client_id"));
      if (c != null) {
        c.put(key, sample.value());
      }
    }
  }

  private AreaReading lag() {
    AreaSources sources = sources("lag");
    AreaReading r = AreaReading.from(sources, "no lag collector is configured");
    SampleIndex s = sources.samples();
    if (s.min("kshealth_lag_broker_up").orElse(1) == 0) {
      r.blind("the brokers did not answer the lag collector's last requests");
    }
    List<String> status = s.hot("kshealth_lag_status", "status");
    r.fact("status", status.isEmpty() ? null : String.join(",", status));
    r.fact("time_lag_seconds", s.max("kshealth_lag_max_seconds"));
    r.fact("records_lag", s.sum("kshealth_lag_total_records"));
    r.fact("max_partition_records_lag", s.max("kshealth_lag_max_records"));
    r.fact("reported_partitions", s.sum("kshealth_lag_reported_partitions"));
    return r;
  }

  private AreaReading memory() {
    AreaSources sources = sources("streams", "container");
    AreaReading r = AreaReading.from(sources, "no streams or container collector is configured");
    SampleIndex s = sources.samples();
    r.fact("headroom_ratio", s.min("kshealth_target_memory_headroom_ratio"));
    r.fact("headroom_bytes", s.min("kshealth_target_memory_headroom_bytes"));
    r.fact("limit_bytes", s.min("kshealth_target_memory_limit_bytes"));
    r.fact("resident_bytes", s.sum("kshealth_target_process_resident_memory_bytes"));
    r.fact("heap_used_bytes", s.sum("kshealth_target_jvm_heap_used_bytes"));
    r.fact("heap_max_bytes", s.sum("kshealth_target_jvm_heap_max_bytes"));
    r.fact("offheap_estimate_bytes", s.sum("kshealth_target_offheap_estimate_bytes"));
    r.fact("rocksdb_memory_bytes", s.sum("kshealth_rocksdb_client_memory_bytes"));
    r.fact("container_usage_bytes", s.max("kshealth_container_memory_usage_bytes"));
    r.fact("container_limit_bytes", s.max("kshealth_container_memory_limit_bytes"));
    return r;
  }

  private AreaReading disk() {
    AreaSources sources = sources("disk", "state-dir");
    AreaReading r = AreaReading.from(sources, "no disk or state-dir collector is configured");
    SampleIndex s = sources.samples();
    OptionalDouble free = s.min("kshealth_filesystem_avail_bytes");
    OptionalDouble size = s.max("kshealth_filesystem_size_bytes");
    r.fact("free_bytes", free);
    if (free.isPresent() && size.isPresent() && size.getAsDouble() > 0) {
      r.fact("free_ratio", free.getAsDouble() / size.getAsDouble());
    }
    r.fact("state_bytes", s.sum("kshealth_state_app_disk_bytes"));
    OptionalDouble growth = s.sum("kshealth_state_app_disk_growth_bytes_per_second");
    r.fact("state_growth_bytes_per_second", growth);
    if (free.isPresent() && growth.isPresent() && growth.getAsDouble() > 0) {
      r.fact("seconds_to_full", free.getAsDouble() / growth.getAsDouble());
    }
    return r;
  }

  private AreaReading ebs() {
    AreaSources sources = sources("ebs");
    AreaReading r = AreaReading.from(sources, "no ebs collector is configured");
    SampleIndex s = sources.samples();
    if (s.max("kshealth_ebs_applicable").orElse(1) == 0) {
      r.notApplicable("not on EC2, or no EBS volume under the state dir");
      return r;
    }
    r.fact("burst_balance_ratio", s.min("kshealth_ebs_burst_balance_ratio"));
    r.fact("burst_balance_estimate_ratio", s.min("kshealth_ebs_burst_balance_estimate_ratio"));
    r.fact("burst_exhaustion_seconds", s.min("kshealth_ebs_burst_exhaustion_seconds"));
    return r;
  }

  private AreaReading host() {
    AreaSources sources = sources("node");
    AreaReading r = AreaReading.from(sources, "no node collector is configured");
    SampleIndex s = sources.samples();
    for (Sample idle : s.all("kshealth_node_cpu_utilisation_ratio")) {
      if ("idle".equals(idle.labels().get("mode"))) {
        r.fact("cpu_busy_ratio", 1.0 - idle.value());
      }
    }
    r.fact("memory_available_bytes", s.sum("kshealth_node_memory_available_bytes"));
    r.fact("memory_total_bytes", s.sum("kshealth_node_memory_total_bytes"));
    return r;
  }

  /** Always applies; its level comes from the agent's own alerts (a collector down and more). */
  private AreaReading agent() {
    AreaReading r = new AreaReading();
    List<String> failing = new ArrayList<>();
    List<String> waiting = new ArrayList<>();
    for (CollectorStatus c : collectors) {
      if (c.up().isEmpty()) {
        waiting.add(c.name());
      } else if (!c.up().get()) {
        failing.add(c.name());
      }
    }
    r.fact("collectors", collectors.size());
    r.fact("collectors_failing", failing);
    r.fact("collectors_waiting_first_run", waiting);
    return r;
  }
}
