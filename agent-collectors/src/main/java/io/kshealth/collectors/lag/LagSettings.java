package io.kshealth.collectors.lag;

import io.kshealth.api.Collector;
import io.kshealth.api.CollectorContext;
import io.kshealth.api.CollectorSettings;
import io.kshealth.api.HeapBound;
import io.kshealth.collectors.support.jmx.TargetSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code lag} collector's options.
 *
 * @param group the Streams {@code application.id}; empty: the target's, from JMX
 * @param target the watched instance's JVM; empty: no instance (group scope only)
 * @param commitInterval the app's {@code commit.interval.ms}
 * @param requestTimeout bounds each request to the brokers
 * @param evidenceKey what the evidence of where the group stopped shows of a record's key
 * @param maxPartitions the most partitions tracked and reported; more are counted, not read
 */
record LagSettings(
    KafkaClientConfig kafka,
    Optional<String> group,
    Optional<TargetSettings> target,
    LagScope scope,
    Duration commitInterval,
    StatusRules rules,
    Duration requestTimeout,
    Path proc,
    KeyHash.Mode evidenceKey,
    int maxPartitions)
    implements CollectorSettings {

  static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofSeconds(30);
  static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(4);
  static final int DEFAULT_WINDOW_POLLS = 5;

  /**
   * Above the 2,052 partitions of the group-scope benchmark (docs/benchmarks.md), within the
   * launcher's heap beside the shipped history: a sidecar in instance scope tracks its own
   * instance's share, far fewer.
   */
  static final int DEFAULT_MAX_PARTITIONS = 2_200;

  /**
   * Heap per partition tracked, besides its trend points: 2,085 bytes kept between runs (its track,
   * offsets, record head and status, its samples in the last run and in the snapshot the agent
   * serves: the live heap at 2,052 partitions less that at 52, the history's share taken out), and
   * up to 1,800 more while a run builds the next ones and a {@code /metrics} scrape writes them, as
   * measured at 2,052 partitions in group scope (bench/lag-agent-collection.sh,
   * docs/benchmarks.md).
   */
  static final long BYTES_PER_PARTITION = 3_900;

  /** One poll kept for the trend (WARN): its object and the deque's slot. */
  static final long BYTES_PER_TREND_POLL = 48;

  @Override
  public List<HeapBound> heapBounds() {
    return List.of(
        new HeapBound(
            "max-partitions",
            "partitions",
            maxPartitions,
            BYTES_PER_PARTITION + BYTES_PER_TREND_POLL * rules.trendPolls()));
  }

  @Override
  public Collector create(CollectorContext context) {
    return new LagCollector(
        this,
        context.name(),
        context.clock(),
        KeyHash.of(evidenceKey, context.dataDir(), context.name()));
  }

  @Override
  public String toString() {
    return "lag of "
        + group.map(g -> "group " + g).orElse("the target's application.id")
        + " ("
        + scope.name().toLowerCase(java.util.Locale.ROOT)
        + " scope) at "
        + kafka.bootstrapServers()
        + target.map(t -> ", instance " + t).orElse("");
  }
}
