package io.kshealth.collectors.streams;

import io.kshealth.api.Collector;
import io.kshealth.api.Evidence;
import io.kshealth.api.EvidenceRequest;
import io.kshealth.api.EvidenceSource;
import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.Sample;
import io.kshealth.api.Snapshot;
import io.kshealth.collectors.support.jmx.StreamsClient;
import io.kshealth.collectors.support.jmx.TargetConnection;
import io.kshealth.collectors.support.jmx.TargetJvm;
import io.kshealth.collectors.support.jmx.TargetReader;
import io.kshealth.collectors.support.jmx.TargetState;
import io.kshealth.collectors.support.jvm.JvmReader;
import io.kshealth.collectors.support.proc.ProcessReading;
import io.kshealth.collectors.support.rocksdb.MemtableLimits;
import io.kshealth.collectors.support.rocksdb.RocksDbReader;
import io.kshealth.collectors.support.streams.ClientReader;
import io.kshealth.collectors.support.streams.ClientReading;
import java.io.IOException;
import java.lang.management.ThreadInfo;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeoutException;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import org.jspecify.annotations.Nullable;

/**
 * Watches a Kafka Streams application's JVM from outside: one JMX exchange per run, bounded by the
 * target's timeout, then the process's memory from {@code /proc} and cgroups. The target's own
 * state (up, unresponsive, down) is always reported; everything read over JMX only when it
 * answered.
 *
 * <p>When an alert asks, it captures the target's stream threads ({@link Evidence#THREADS}) over
 * the connection its runs opened (docs/evidence.md).
 */
final class StreamsCollector implements Collector, EvidenceSource {

  static final Metric TARGET_UP =
      Metric.gauge(
          "kshealth_target_up", "1 if the Streams application's JVM answered over JMX this run.");
  static final Metric TARGET_STATE =
      Metric.gauge(
          "kshealth_target_state",
          "1 for what the last attempt found: up, unresponsive (no answer within the timeout:"
              + " paused or stuck) or down (refused, lost, or no such process); 0 for the others.");
  static final Metric TARGET_START =
      Metric.gauge(
          "kshealth_target_jvm_start_time_seconds",
          "When the target JVM started, in seconds since the epoch; a change is a restart.");
  static final Metric TARGET_UPTIME =
      Metric.gauge("kshealth_target_jvm_uptime_seconds", "How long the target JVM has run.");

  /** What one exchange with the target brought back. */
  private record Reading(TargetJvm jvm, List<Sample> samples) {}

  private final StreamsSettings settings;
  private final String name;
  private final Clock clock;
  private final Labels target;
  private final TargetConnection connection;
  private final ClientReader clientReader = new ClientReader();
  private final ClientPresence presence;
  private final ClientThreads threads;
  private final RocksDbReader rocksdb;
  private final JvmReader jvm;
  private final List<TargetReader> readers;
  private final TargetMemory memory;
  private volatile @Nullable String status;

  /** The remote JVM whose pid was last checked against this host's processes, and the answer. */
  private long checkedStartMillis = -1;

  private boolean visible;

  StreamsCollector(StreamsSettings settings, String name, Clock clock) {
    this.settings = settings;
    this.name = name;
    this.clock = clock;
    this.target = Labels.of("target", name);
    this.connection = new TargetConnection(settings.target(), name, clock, settings.proc());
    this.presence = new ClientPresence(settings.expectedClients(), settings.target().gracePeriod());
    this.threads = new ClientThreads(settings.expectedThreads());
    this.rocksdb = new RocksDbReader(settings.sharedBlockCache());
    this.jvm = new JvmReader(target, clock);
    this.readers =
        List.of(
            new ThreadReader(settings.maxPollInterval()), new RestoreReader(clock), rocksdb, jvm);
    this.memory =
        new TargetMemory(
            settings.proc(),
            settings.root(),
            settings.stateDir().map(dir -> new MemtableLimits(dir, clock)));
  }

  @Override
  public void collect(Snapshot.Builder out) throws IOException, InterruptedException {
    TargetConnection.Outcome<Reading> outcome = connection.call(this::read);
    out.add(TARGET_UP, target, outcome.state() == TargetState.UP ? 1 : 0);
    for (TargetState s : TargetState.values()) {
      out.add(
          TARGET_STATE,
          target.and("state", s.name().toLowerCase(Locale.ROOT)),
          s == outcome.state() ? 1 : 0);
    }
    status = connection.describe() + ": " + outcome.state().name().toLowerCase(Locale.ROOT);
    if (outcome.answer().isEmpty()) {
      status += " (" + outcome.detail() + ")";
      if (outcome.state() == TargetState.UNRESPONSIVE && !connection.replacedSinceLastAnswer()) {
        // A paused JVM still has its clients: their series are unknown this run, not gone, so
        // their alerts neither resolve nor fire again after the pause. A JVM that is down has
        // none, nor has one replaced by a new process that does not answer yet (a restart under
        // load): its series end.
        out.partial();
      }
      return;
    }
    Reading reading = outcome.answer().get();
    if (reading.jvm().startTimeMillis() > 0) {
      // A new JVM ends every series of the old one in the history, and its counters count from
      // zero at its start.
      out.sourceStart(reading.jvm().startTimeMillis());
    }
    reading.samples().forEach(out::add);
    memory.report(out, target, visiblePid(reading.jvm()), jvm.lastMemory(), rocksdb.lastTotals());
  }

  /** Runs on the connection's thread: everything read over JMX in one run. */
  private Reading read(MBeanServerConnection server, TargetJvm targetJvm)
      throws IOException, JMException {
    long now = clock.millis();
    Snapshot.Builder b = new Snapshot.Builder(name, now);
    b.add(TARGET_START, target, targetJvm.startTimeMillis() / 1000.0);
    b.add(TARGET_UPTIME, target, targetJvm.uptimeMillis() / 1000.0);
    List<ClientReading> clients = clientReader.read(server);
    presence.observe(targetJvm, clients, now);
    presence.report(b, target, targetJvm, now);
    threads.report(b, clients);
    List<StreamsClient> present = clients.stream().map(ClientReading::client).toList();
    for (TargetReader r : readers) {
      r.read(server, present, b);
    }
    return new Reading(targetJvm, b.build().samples());
  }

  /**
   * The target's process as this host numbers it: the attached one, or the JVM's own pid when a
   * process of that number started when the JVM did (a remote target in another PID namespace, or
   * on another host, has a pid that means something else here).
   */
  private OptionalLong visiblePid(TargetJvm targetJvm) throws IOException {
    if (connection.attachedPid().isPresent()) {
      return connection.attachedPid();
    }
    if (targetJvm.pid().isEmpty()) {
      return OptionalLong.empty();
    }
    if (targetJvm.startTimeMillis() != checkedStartMillis) {
      Optional<ProcessReading> p =
          ProcessReading.read(settings.proc(), targetJvm.pid().getAsLong());
      visible =
          p.isPresent()
              && Math.abs(p.get().startTimeSeconds() * 1000 - targetJvm.startTimeMillis())
                  < SAME_START_MILLIS;
      checkedStartMillis = targetJvm.startTimeMillis();
    }
    return visible ? targetJvm.pid() : OptionalLong.empty();
  }

  /** A JVM records its start time within moments of the process's; another process will not. */
  private static final long SAME_START_MILLIS = 10_000;

  /**
   * The stream threads the alert's labels name, read over the connection the runs opened (none is
   * opened for this), within the request's timeout and the target's, whichever is shorter.
   *
   * @throws TimeoutException when the target did not answer in time (a paused or stuck JVM)
   */
  @Override
  public List<Evidence> capture(EvidenceRequest request)
      throws IOException, JMException, InterruptedException, TimeoutException {
    if (!request.asks(Evidence.THREADS)) {
      return List.of();
    }
    Duration timeout =
        request.timeout().compareTo(settings.target().timeout()) < 0
            ? request.timeout()
            : settings.target().timeout();
    Optional<List<ThreadInfo>> threads =
        connection.callIfOpen(
            server -> StreamThreadDump.read(server, StreamThreadDump.named(request.labels())),
            timeout);
    if (threads.isEmpty() || threads.get().isEmpty()) {
      return List.of();
    }
    return List.of(ThreadEvidence.of(threads.get(), clock.millis()));
  }

  @Override
  public Optional<String> target() {
    return Optional.ofNullable(status);
  }

  @Override
  public void close() {
    connection.close();
  }
}
