package io.kshealth.collectors.streams;

import io.kshealth.api.CollectorFactory;
import io.kshealth.api.CollectorSettings;
import io.kshealth.api.ConfigSection;
import io.kshealth.collectors.support.cgroup.Cgroups;
import io.kshealth.collectors.support.disk.DirectoryOption;
import io.kshealth.collectors.support.jmx.TargetSettings;
import io.kshealth.collectors.support.rocksdb.SharedBlockCache;
import java.util.OptionalInt;

/**
 * {@code type: streams}: the Kafka Streams application's JVM over JMX (remote, or attached by PID
 * or command line): its clients and threads, poll health, rebalances, restores, RocksDB, the JVM's
 * memory, and the process's memory against its limit.
 */
public final class StreamsCollectorFactory implements CollectorFactory {

  @Override
  public String type() {
    return "streams";
  }

  @Override
  public CollectorSettings parse(ConfigSection options) {
    TargetSettings target = TargetSettings.parse(options);
    OptionalInt clients = optionalCount(options, "expected-clients");
    OptionalInt threads = optionalCount(options, "expected-threads");
    return new StreamsSettings(
        target,
        clients,
        threads,
        options.duration("max-poll-interval", StreamsSettings.DEFAULT_MAX_POLL_INTERVAL),
        DirectoryOption.optional(options, "state-dir"),
        options.choice("shared-block-cache", SharedBlockCache.AUTO),
        Cgroups.PROC,
        Cgroups.ROOT);
  }

  private static OptionalInt optionalCount(ConfigSection options, String key) {
    return options.has(key)
        ? OptionalInt.of(options.integer(key, 1, 1, 10_000))
        : OptionalInt.empty();
  }
}
