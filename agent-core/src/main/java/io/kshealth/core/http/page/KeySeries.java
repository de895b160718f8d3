package io.kshealth.core.http.page;

import java.util.List;

/**
 * A series the page draws as a sparkline: the history's metric (the first of {@code metrics} that
 * has points, so burst credits fall back to their forecast) and how its label sets combine into one
 * line per moment.
 */
record KeySeries(String title, List<String> metrics, Combine combine) {

  /** How the label sets of one moment become one value, and which is the worse in a bucket. */
  enum Combine {
    /** Added up (records lag of every group, RocksDB memory of every store); higher is worse. */
    SUM,
    /** The highest; higher is worse. */
    MAX,
    /** The lowest; lower is worse. */
    MIN;

    double of(double a, double b) {
      return switch (this) {
        case SUM -> a + b;
        case MAX -> Math.max(a, b);
        case MIN -> Math.min(a, b);
      };
    }

    /** The worse of two values of one series, kept when a bucket holds several points. */
    double worse(double a, double b) {
      return this == MIN ? Math.min(a, b) : Math.max(a, b);
    }
  }

  KeySeries {
    metrics = List.copyOf(metrics);
  }

  /** The key series of issue 19, in the order the page shows them. */
  static final List<KeySeries> ALL =
      List.of(
          new KeySeries("time lag", List.of("kshealth_lag_max_seconds"), Combine.MAX),
          new KeySeries("records lag", List.of("kshealth_lag_total_records"), Combine.SUM),
          new KeySeries(
              "poll interval ratio",
              List.of("kshealth_streams_thread_poll_interval_ratio"),
              Combine.MAX),
          new KeySeries(
              "memory headroom", List.of("kshealth_target_memory_headroom_ratio"), Combine.MIN),
          new KeySeries(
              "RocksDB memory", List.of("kshealth_rocksdb_client_memory_bytes"), Combine.SUM),
          new KeySeries(
              "burst credits",
              List.of(
                  "kshealth_ebs_burst_balance_ratio", "kshealth_ebs_burst_balance_estimate_ratio"),
              Combine.MIN),
          new KeySeries("disk free", List.of("kshealth_filesystem_avail_bytes"), Combine.MIN));
}
