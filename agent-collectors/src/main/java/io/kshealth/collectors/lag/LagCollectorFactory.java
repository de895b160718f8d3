package io.kshealth.collectors.lag;

import io.kshealth.api.CollectorFactory;
import io.kshealth.api.CollectorSettings;
import io.kshealth.api.ConfigSection;
import io.kshealth.collectors.support.cgroup.Cgroups;
import io.kshealth.collectors.support.jmx.TargetSettings;
import io.kshealth.core.config.ConfigNode;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code type: lag}: the Streams application's consumer group as the brokers see it: offset lag
 * against the last stable offset, time lag from the record at the committed offset, and a status
 * per partition and for the group without thresholds.
 */
public final class LagCollectorFactory implements CollectorFactory {

  @Override
  public String type() {
    return "lag";
  }

  @Override
  public CollectorSettings parse(ConfigSection options) {
    KafkaClientConfig kafka = KafkaClientConfig.parse(options);
    Optional<String> group = options.optionalString("group");
    Optional<TargetSettings> target =
        options.has("target") ? Optional.of(TargetSettings.parse(options)) : Optional.empty();
    LagScope scope =
        options.choice("scope", target.isPresent() ? LagScope.INSTANCE : LagScope.GROUP);
    if (target.isEmpty() && scope != LagScope.GROUP) {
      options.error(
          "scope",
          "scope '"
              + ConfigNode.spelling(scope)
              + "' needs the watched instance: give 'target:' (as for the streams collector)");
    }
    if (target.isEmpty() && group.isEmpty()) {
      options.error(
          "group", "give the Streams application.id as 'group:', or a 'target:' to read it from");
    }
    Duration commit = options.duration("commit-interval", LagSettings.DEFAULT_COMMIT_INTERVAL);
    Duration stallAfter = options.duration("stall-after", commit.multipliedBy(2));
    int windowPolls = options.integer("window-polls", LagSettings.DEFAULT_WINDOW_POLLS, 2, 1_000);
    Duration requestTimeout =
        options.duration("request-timeout", LagSettings.DEFAULT_REQUEST_TIMEOUT);
    ConfigSection evidence = options.map("evidence");
    KeyHash.Mode evidenceKey = evidence.choice("key", KeyHash.Mode.NONE);
    evidence.finish();
    int maxPartitions =
        options.integer("max-partitions", LagSettings.DEFAULT_MAX_PARTITIONS, 1, 10_000_000);
    return new LagSettings(
        kafka,
        group,
        target,
        scope,
        commit,
        new StatusRules(stallAfter, windowPolls),
        requestTimeout,
        Cgroups.PROC,
        evidenceKey,
        maxPartitions);
  }
}
