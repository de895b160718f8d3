package io.kshealth.collectors.streams;

import io.kshealth.api.Collector;
import io.kshealth.api.CollectorContext;
import io.kshealth.api.CollectorSettings;
import io.kshealth.collectors.support.jmx.TargetSettings;
import io.kshealth.collectors.support.rocksdb.SharedBlockCache;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code streams} collector's options.
 *
 * @param expectedClients Streams clients the target should run; empty: the most seen at once
 * @param expectedThreads stream threads per client; empty: the most seen alive in that client
 * @param maxPollInterval the app's {@code max.poll.interval.ms}
 * @param stateDir the app's {@code state.dir}, for the RocksDB budget's write buffers; empty: no
 *     budget
 * @param proc the {@code /proc} tree and {@code root} the file-system root, replaced in tests
 */
record StreamsSettings(
    TargetSettings target,
    OptionalInt expectedClients,
    OptionalInt expectedThreads,
    Duration maxPollInterval,
    Optional<Path> stateDir,
    SharedBlockCache sharedBlockCache,
    Path proc,
    Path root)
    implements CollectorSettings {

  static final Duration DEFAULT_MAX_POLL_INTERVAL = Duration.ofMillis(300_000);

  @Override
  public Collector create(CollectorContext context) {
    return new StreamsCollector(this, context.name(), context.clock());
  }

  @Override
  public String toString() {
    return "Streams application at " + target;
  }
}
