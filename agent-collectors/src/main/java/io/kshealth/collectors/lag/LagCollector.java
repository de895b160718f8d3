package io.kshealth.collectors.lag;

import io.kshealth.api.Collector;
import io.kshealth.api.Evidence;
import io.kshealth.api.EvidenceRequest;
import io.kshealth.api.EvidenceSource;
import io.kshealth.api.Labels;
import io.kshealth.api.Sample;
import io.kshealth.api.Snapshot;
import io.kshealth.collectors.support.jmx.TargetState;
import io.kshealth.core.retry.Backoff;
import io.kshealth.core.retry.FailureState;
import io.kshealth.core.retry.RetryPolicy;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group's lag as the brokers see it, each run: describe the group, read committed and end
 * offsets of the partitions in scope, read the record at each lagging partition's position once,
 * and evaluate each partition's status over the agent's own polls. When the brokers do not answer,
 * the last values are shown marked stale, and the next attempts back off. For an alert that asks,
 * it says where the group stopped: the partitions, their offsets and the record at each committed
 * offset, from what its last run found ({@link StoppedAt}).
 */
final class LagCollector implements Collector, EvidenceSource {

  /** Brokers that do not answer: waits of 0.5–1 s, then 1–2 s, ... up to 15–30 s. */
  static final RetryPolicy RETRY_POLICY =
      RetryPolicy.doubling(Duration.ofSeconds(1), Duration.ofSeconds(30));

  private static final Logger log = LoggerFactory.getLogger(LagCollector.class);

  private final LagSettings settings;
  private final Clock clock;
  private final KafkaClients clients;
  private final KeyHash keys;

  /** The Admin client and its readers. */
  private record Brokers(Admin admin, GroupDescriber describer, OffsetReader offsets) {}

  /** Made when a group is first known: until then (no target found yet) nothing is loaded. */
  private @Nullable Brokers kafka;

  private final RecordProbe probe;
  private Ownership ownership;

  /** Empty without a target. */
  private final Optional<InstanceReader> instance;

  private final Map<TopicPartition, PartitionTrack> tracks = new HashMap<>();

  private Optional<String> group;
  private List<Sample> last = List.of();

  /** Partitions the last run left unread, beyond {@code max-partitions}. */
  private int untracked;

  private final FailureState brokers;
  private volatile @Nullable String status;

  /** What the last run that reached the brokers found: null before it, or after a new group. */
  private volatile @Nullable LagView lastRun;

  LagCollector(LagSettings settings, String name, Clock clock, KeyHash keys) {
    this.settings = settings;
    this.clock = clock;
    this.keys = keys;
    this.clients = new KafkaClients(settings.kafka(), name, settings.requestTimeout());
    this.probe = new RecordProbe(() -> clients.consumer(keys.keepsKeys()), keys, clock);
    this.ownership = new Ownership(settings.scope());
    this.instance = settings.target().map(t -> new InstanceReader(t, name, clock, settings.proc()));
    this.group = settings.group();
    this.brokers =
        new FailureState(
            log, "Reading the lag from " + settings.kafka(), new Backoff(RETRY_POLICY, clock));
  }

  @Override
  public void collect(Snapshot.Builder out) throws IOException, InterruptedException {
    long now = clock.millis();
    // Null without a target.
    @Nullable InstanceView watched =
        instance.isPresent() ? instance.get().read(settings.group()) : null;
    if (settings.group().isEmpty() && watched != null) {
      watched.applicationId().filter(id -> !group.equals(Optional.of(id))).ifPresent(this::follow);
    }
    if (group.isEmpty()) {
      // Without a group the config has a target, whose application.id names the group.
      status =
          "waiting for the application.id of "
              + instance.map(InstanceReader::describe).orElse("the target")
              + (watched == null ? "" : " (" + state(watched) + ")");
      return;
    }
    Labels labels = Labels.of("group", group.get());
    if (!brokers.retryDue()) {
      stale(
          out,
          labels,
          String.format(
              Locale.ROOT, "next attempt in %.1fs", brokers.untilRetry().toMillis() / 1000.0));
      return;
    }
    try {
      Snapshot.Builder run = new Snapshot.Builder("lag", now);
      poll(run, labels, watched, group.get(), now);
      last = run.build().samples();
      brokers.succeeded();
      last.forEach(out::add);
      out.add(LagMetrics.BROKER_UP, labels, 1);
      out.add(LagMetrics.COMMIT_INTERVAL, labels, settings.commitInterval().toMillis() / 1000.0);
      out.add(LagMetrics.STALE, labels, 0);
    } catch (InterruptException e) {
      // The scheduler gave up on the run: not the brokers' fault.
      throw new InterruptedException("lag collection interrupted");
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      failed(out, labels, e);
    }
    out.add(
        LagMetrics.REQUESTS,
        labels,
        (kafka == null ? 0 : ClientRequests.total(kafka.admin().metrics())) + probe.requests());
    out.add(LagMetrics.RECORDS_READ, labels, probe.reads());
  }

  /**
   * Follows the target to its application's group: the first one found, or a new one after the app
   * came back with another {@code application.id}. What was known of the old group goes: its series
   * are no longer reported, and its partitions are not this instance's.
   */
  private void follow(String applicationId) {
    group.ifPresent(
        old ->
            log.info(
                "The target's application.id changed from {} to {}: reading the new group",
                old,
                applicationId));
    group = Optional.of(applicationId);
    tracks.clear();
    last = List.of();
    lastRun = null;
    ownership = new Ownership(settings.scope());
  }

  private void poll(
      Snapshot.Builder out, Labels labels, @Nullable InstanceView watched, String group, long now)
      throws InterruptedException, ExecutionException, TimeoutException {
    Brokers b = kafka;
    if (b == null) {
      Admin admin = clients.admin();
      long timeout = settings.requestTimeout().toMillis();
      b =
          new Brokers(
              admin,
              new GroupDescriber(admin, timeout),
              new OffsetReader(admin, timeout, settings.maxPartitions()));
      kafka = b;
    }
    GroupView view = b.describer().describe(group);
    Ownership.Decision scope = ownership.decide(view, watched);
    // Partitions seen before count too: once its members are gone, a group that never committed
    // on a partition (a stopped app that had not read it yet) would otherwise lose its lag.
    Set<TopicPartition> known = new HashSet<>(view.assigned());
    known.addAll(tracks.keySet());
    OffsetReader.Offsets read = b.offsets().read(group, scope.only(), known);
    Map<TopicPartition, PartitionOffsets> lagging = new HashMap<>();
    read.partitions()
        .forEach(
            (tp, o) -> {
              if (o.lag() > 0) {
                lagging.put(tp, o);
              }
            });
    // Half the request timeout: the run must also fit the Admin calls within its own timeout.
    Map<TopicPartition, Head> heads = probe.heads(lagging, settings.requestTimeout().dividedBy(2));
    Map<TopicPartition, PartitionLag> found = new TreeMap<>(Partitions.ORDER);
    tracks.keySet().retainAll(read.partitions().keySet());
    read.partitions()
        .forEach(
            (tp, o) -> {
              Consumption consumption = scope.consumption(tp, !view.members().isEmpty());
              PartitionTrack track =
                  tracks.computeIfAbsent(
                      tp, k -> new PartitionTrack(PartitionLabels.of(labels, k)));
              found.put(
                  tp,
                  PartitionLag.observe(
                      o,
                      heads.getOrDefault(tp, Head.NOT_READ),
                      now,
                      consumption,
                      track,
                      settings.rules()));
            });
    lastRun =
        LagView.of(group, found, scope.instance(), watched != null && !watched.stopped(), lastRun);
    boolean withhold = view.moving() && settings.scope() != LagScope.GROUP;
    LagReport.write(out, labels, view, found, read.leaderless(), withhold, scope.wholeGroup());
    out.add(LagMetrics.UNTRACKED, labels, read.untracked());
    if (read.untracked() > 0 && untracked == 0) {
      log.warn(
          "Group {}: {} partitions beyond max-partitions ({}) are not tracked: raise it, with the"
              + " heap check-config asks for",
          group,
          read.untracked(),
          settings.maxPartitions());
    }
    untracked = read.untracked();
    status =
        describe(view)
            + ", "
            + found.size()
            + " partitions"
            + (untracked > 0
                ? " ("
                    + untracked
                    + " more beyond max-partitions "
                    + settings.maxPartitions()
                    + ": not tracked)"
                : "")
            + (withhold ? " (ownership moving: withheld)" : "")
            + (watched == null ? "" : ", instance " + state(watched));
  }

  private void failed(Snapshot.Builder out, Labels labels, Exception e) {
    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    String problem =
        e instanceof TimeoutException
            ? "no answer within " + settings.requestTimeout().toMillis() + "ms"
            : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    brokers.failed("group " + group.get() + ": " + problem);
    stale(out, labels, problem);
  }

  /** The last values read, marked stale, with the brokers down. */
  private void stale(Snapshot.Builder out, Labels labels, String problem) {
    last.forEach(out::add);
    out.add(LagMetrics.BROKER_UP, labels, 0);
    out.add(LagMetrics.COMMIT_INTERVAL, labels, settings.commitInterval().toMillis() / 1000.0);
    out.add(LagMetrics.STALE, labels, last.isEmpty() ? 0 : 1);
    status = settings.kafka() + ": down (" + problem + ")";
  }

  private String describe(GroupView view) {
    return "group "
        + group.get()
        + " ("
        + view.protocol()
        + ", "
        + view.state().name().toLowerCase(Locale.ROOT)
        + ", "
        + view.members().size()
        + " members) at "
        + settings.kafka().bootstrapServers();
  }

  private static String state(InstanceView watched) {
    return watched.state().name().toLowerCase(Locale.ROOT)
        + (watched.state() == TargetState.UP && watched.stopped() ? ", client not consuming" : "");
  }

  /**
   * The partitions the alert's group stopped at, chosen from the last run with their offsets read
   * again now (within half the request's timeout); the record at a committed offset that no run
   * read yet is read within the other half.
   */
  @Override
  public List<Evidence> capture(EvidenceRequest request) {
    LagView known = lastRun;
    // Set by the run that published the view.
    Brokers b = kafka;
    if (!request.asks(Evidence.STOPPED_AT) || known == null || b == null) {
      return List.of();
    }
    Duration half = request.timeout().dividedBy(2);
    return StoppedAt.select(
            known, request.labels(), offsetsNow(b, known, half), settings.rules().stallAfter())
        .map(selection -> readMissing(selection, half))
        .flatMap(selection -> StoppedAt.evidence(known.group(), selection, keys, clock.millis()))
        .map(List::of)
        .orElse(List.of());
  }

  /**
   * The offsets now of the partitions a view holds. The view is the last run's, and an alert can go
   * pending before the next run: a client that dies on a record (the record appended after the run
   * read the end offset) is gone a moment later. Empty, so that the view's offsets serve, when the
   * brokers do not answer within {@code budget}.
   */
  private Map<TopicPartition, PartitionOffsets> offsetsNow(
      Brokers b, LagView view, Duration budget) {
    Set<TopicPartition> partitions = new HashSet<>(view.partitions().keySet());
    partitions.addAll(view.instance().keySet());
    // Up to four requests, one after the other (OffsetReader).
    OffsetReader reader =
        new OffsetReader(b.admin(), budget.dividedBy(4).toMillis(), settings.maxPartitions());
    try {
      return reader.read(view.group(), Optional.of(partitions), partitions).partitions();
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      log.debug("Reading the offsets now for evidence failed: the last run's serve", e);
      return Map.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Map.of();
    }
  }

  private StoppedAt.Selection readMissing(StoppedAt.Selection selection, Duration budget) {
    Map<TopicPartition, PartitionOffsets> missing = new HashMap<>();
    selection.partitions().stream()
        .filter(p -> p.head().kind() == Head.Kind.UNREAD)
        .forEach(p -> missing.put(p.partition(), p.offsets()));
    if (missing.isEmpty()) {
      return selection;
    }
    Map<TopicPartition, Head> read;
    try {
      read = probe.read(missing, budget);
    } catch (InterruptException e) {
      throw e;
    } catch (KafkaException e) {
      // The offsets are evidence enough without the record.
      log.debug("Reading the records at the stopped offsets failed", e);
      return selection;
    }
    return new StoppedAt.Selection(
        selection.source(),
        selection.partitions().stream()
            .map(p -> p.withHead(read.getOrDefault(p.partition(), p.head())))
            .toList());
  }

  @Override
  public Optional<String> target() {
    return Optional.ofNullable(status);
  }

  @Override
  public void close() {
    if (kafka != null) {
      kafka.admin().close(Duration.ofSeconds(1));
    }
    instance.ifPresent(InstanceReader::close);
  }
}
