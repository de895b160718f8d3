package io.kshealth.collectors.lag;

import io.kshealth.api.Metric;

/** What the {@code lag} collector reports (docs/lag.md lists them with examples). */
final class LagMetrics {

  private LagMetrics() {}

  static final Metric BROKER_UP =
      Metric.gauge("kshealth_lag_broker_up", "1 if the brokers answered this run's requests.");

  /** The configured commit interval, so that rules and the liveness probe scale with it. */
  static final Metric COMMIT_INTERVAL =
      Metric.gauge(
          "kshealth_lag_commit_interval_seconds",
          "The app's commit.interval.ms as the lag collector is configured with (commit-interval).");

  static final Metric STALE =
      Metric.gauge(
          "kshealth_lag_stale",
          "1 while the brokers do not answer: the lag values shown are the last ones read.");
  static final Metric REQUESTS =
      Metric.counter(
          "kshealth_lag_broker_requests_total",
          "Requests the collector's Kafka clients sent to brokers (Admin and the record reader).");
  static final Metric RECORDS_READ =
      Metric.counter(
          "kshealth_lag_records_read_total",
          "Records fetched to learn the timestamp at a committed offset; each is read once.");

  static final Metric RECORDS =
      Metric.gauge(
          "kshealth_lag_records",
          "Offset lag: last stable offset minus committed offset; 0 over a gap that holds only"
              + " transaction markers.");
  static final Metric SECONDS =
      Metric.gauge(
          "kshealth_lag_seconds",
          "Time lag: now minus the timestamp of the record at the committed offset; 0 when caught"
              + " up. source=estimate when retention deleted that record: a lower bound from the"
              + " oldest record left.");
  static final Metric COMMITTED =
      Metric.gauge("kshealth_lag_committed_offset", "The group's committed offset.");
  static final Metric END =
      Metric.gauge("kshealth_lag_end_offset", "The partition's last stable offset.");
  static final Metric COMMIT_AGE =
      Metric.gauge(
          "kshealth_lag_commit_age_seconds",
          "How long the committed offset has not moved, as the agent's polls saw it.");
  static final Metric PARTITION_STATUS =
      Metric.gauge(
          "kshealth_lag_partition_status",
          "The partition's lag status: 0 OK, 1 WARN, 2 REWIND, 3 STALL, 4 STOP.");

  static final Metric STATUS =
      Metric.gauge(
          "kshealth_lag_status",
          "1 for the group's lag status (its worst partition's), 0 for the others.");
  static final Metric PARTITIONS =
      Metric.gauge("kshealth_lag_partitions", "Partitions reported, by lag status.");
  static final Metric TOTAL =
      Metric.gauge("kshealth_lag_total_records", "Offset lag summed over the partitions reported.");
  static final Metric MAX_RECORDS =
      Metric.gauge("kshealth_lag_max_records", "The largest partition's offset lag.");
  static final Metric MEDIAN_RECORDS =
      Metric.gauge("kshealth_lag_median_records", "The median partition's offset lag.");
  static final Metric MAX_SECONDS =
      Metric.gauge("kshealth_lag_max_seconds", "The largest partition's time lag.");
  static final Metric SKEW =
      Metric.gauge(
          "kshealth_lag_skew_ratio",
          "1 - median / max partition lag: near 1 when a few partitions hold the lag, 0 when it is"
              + " even (or there is none).");
  static final Metric LEADERLESS =
      Metric.gauge(
          "kshealth_lag_leaderless_partitions",
          "Partitions of the group's input topics without a leader: nobody can read or write them.");

  static final Metric MEMBERS =
      Metric.gauge("kshealth_lag_group_members", "Members of the group (one per stream thread).");
  static final Metric GROUP_STATE =
      Metric.gauge("kshealth_lag_group_state", "1 for the group's state as the coordinator says.");
  static final Metric GROUP_INFO =
      Metric.gauge("kshealth_lag_group_info", "The group's protocol: classic, streams or none.");
  static final Metric MOVING =
      Metric.gauge(
          "kshealth_lag_ownership_moving",
          "1 while the group rebalances: per-partition values and totals are withheld, so no"
              + " partition is reported by two agents.");
  static final Metric REPORTED =
      Metric.gauge("kshealth_lag_reported_partitions", "Partitions this agent reports.");
  static final Metric UNTRACKED =
      Metric.gauge(
          "kshealth_lag_untracked_partitions",
          "Partitions in scope beyond the collector's max-partitions: not read, reported or counted"
              + " in the group's totals (the bound keeps the agent's heap within its -Xmx).");
  static final Metric WHOLE_GROUP =
      Metric.gauge(
          "kshealth_lag_whole_group",
          "1 if this agent reports every partition of the group (group scope, or the leader).");
}
