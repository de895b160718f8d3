package io.kshealth.collectors.lag;

import io.kshealth.api.Collector;
import io.kshealth.api.CollectorContext;
import io.kshealth.api.CollectorSettings;
import io.kshealth.collectors.support.jmx.TargetSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code lag} collector's options.
 *
 * @param group the Streams {@code application.id}; empty: the target's, from JMX
 * @param target the watched instance's JVM; empty: no instance (group scope only)
 * @param commitInterval the app's {@code commit.interval.ms}
 * @param requestTimeout bounds each request to the brokers
 * @param evidenceKey what the evidence of where the group stopped shows of a record's key
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
    KeyHash.Mode evidenceKey)
    implements CollectorSettings {

  static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofSeconds(30);
  static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(4);
  static final int DEFAULT_WINDOW_POLLS = 5;

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
