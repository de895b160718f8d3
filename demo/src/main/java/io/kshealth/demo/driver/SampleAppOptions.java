package io.kshealth.demo.driver;

import io.kshealth.demo.app.SampleStreamsApp.GroupProtocol;
import io.kshealth.demo.app.SampleTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to start a {@link SampleApp}: the app's options plus how its JVM is launched.
 *
 * @param workDir holds the app's state dir ({@code state/}) and logs
 * @param jmx whether the JVM opens remote JMX on a loopback port; without it the JVM has no JMX
 *     flags at all, as a target the agent must attach to
 * @param slowRecord how long the slow record takes; null: twice {@code maxPollInterval}
 * @param restoreBatchDelay how long the app waits after each restored batch (zero: no wait), so
 *     that a restore lasts several collection intervals
 * @param threads {@code num.stream.threads}
 * @param startDelay how long the JVM waits before {@code KafkaStreams.start()} (zero: none), as an
 *     app that is slow to bring its client up after a restart
 */
public record SampleAppOptions(
    String bootstrapServers,
    String applicationId,
    Path workDir,
    GroupProtocol groupProtocol,
    boolean eos,
    boolean jmx,
    Duration commitInterval,
    Duration maxPollInterval,
    Duration slowRecord,
    Duration restoreBatchDelay,
    int threads,
    Duration startDelay) {

  public SampleAppOptions {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(workDir, "workDir");
    Objects.requireNonNull(groupProtocol, "groupProtocol");
    Objects.requireNonNull(restoreBatchDelay, "restoreBatchDelay");
    Objects.requireNonNull(startDelay, "startDelay");
  }

  /**
   * Classic protocol, at-least-once, remote JMX, 1 s commits, the default 5 min poll interval, 2
   * stream threads, started at once.
   */
  public static SampleAppOptions defaults(
      String bootstrapServers, String applicationId, Path workDir) {
    return new SampleAppOptions(
        bootstrapServers,
        applicationId,
        workDir,
        GroupProtocol.CLASSIC,
        false,
        true,
        Duration.ofSeconds(1),
        Duration.ofMinutes(5),
        null,
        Duration.ZERO,
        2,
        Duration.ZERO);
  }

  public SampleAppOptions withGroupProtocol(GroupProtocol protocol) {
    return new SampleAppOptions(
        bootstrapServers,
        applicationId,
        workDir,
        protocol,
        eos,
        jmx,
        commitInterval,
        maxPollInterval,
        slowRecord,
        restoreBatchDelay,
        threads,
        startDelay);
  }

  public SampleAppOptions withEos(boolean on) {
    return new SampleAppOptions(
        bootstrapServers,
        applicationId,
        workDir,
        groupProtocol,
        on,
        jmx,
        commitInterval,
        maxPollInterval,
        slowRecord,
        restoreBatchDelay,
        threads,
        startDelay);
  }

  public SampleAppOptions withJmx(boolean on) {
    return new SampleAppOptions(
        bootstrapServers,
        applicationId,
        workDir,
        groupProtocol,
        eos,
        on,
        commitInterval,
        maxPollInterval,
        slowRecord,
        restoreBatchDelay,
        threads,
        startDelay);
  }

  public SampleAppOptions withMaxPollInterval(Duration interval) {
    return new SampleAppOptions(
        bootstrapServers,
        applicationId,
        workDir,
        groupProtocol,
        eos,
        jmx,
        commitInterval,
        interval,
        slowRecord,
        restoreBatchDelay,
        threads,
        startDelay);
  }

  public SampleAppOptions withCommitInterval(Duration interval) {
    return new SampleAppOptions(
        bootstrapServers,
        applicationId,
        workDir,
        groupProtocol,
        eos,
        jmx,
        interval,
        maxPollInterval,
        slowRecord,
        restoreBatchDelay,
        threads,
        startDelay);
  }

  /** The same app in another directory: a second instance of it, with its own state dir. */
  public SampleAppOptions withWorkDir(Path dir) {
    return new SampleAppOptions(
        bootstrapServers,
        applicationId,
        dir,
        groupProtocol,
        eos,
        jmx,
        commitInterval,
        maxPollInterval,
        slowRecord,
        restoreBatchDelay,
        threads,
        startDelay);
  }

  public SampleAppOptions withRestoreBatchDelay(Duration delay) {
    return new SampleAppOptions(
        bootstrapServers,
        applicationId,
        workDir,
        groupProtocol,
        eos,
        jmx,
        commitInterval,
        maxPollInterval,
        slowRecord,
        delay,
        threads,
        startDelay);
  }

  /** The same app under another {@code application.id} (its own topics), same work dir. */
  public SampleAppOptions withApplicationId(String id) {
    return new SampleAppOptions(
        bootstrapServers,
        id,
        workDir,
        groupProtocol,
        eos,
        jmx,
        commitInterval,
        maxPollInterval,
        slowRecord,
        restoreBatchDelay,
        threads,
        startDelay);
  }

  public SampleAppOptions withThreads(int count) {
    return new SampleAppOptions(
        bootstrapServers,
        applicationId,
        workDir,
        groupProtocol,
        eos,
        jmx,
        commitInterval,
        maxPollInterval,
        slowRecord,
        restoreBatchDelay,
        count,
        startDelay);
  }

  public SampleAppOptions withStartDelay(Duration delay) {
    return new SampleAppOptions(
        bootstrapServers,
        applicationId,
        workDir,
        groupProtocol,
        eos,
        jmx,
        commitInterval,
        maxPollInterval,
        slowRecord,
        restoreBatchDelay,
        threads,
        delay);
  }

  public SampleTopics topics() {
    return SampleTopics.of(applicationId);
  }

  public Path stateDir() {
    return workDir.resolve("state");
  }

  /** The app's own arguments. */
  List<String> arguments(String runId) {
    List<String> args = new ArrayList<>();
    args.addAll(List.of("--bootstrap-servers", bootstrapServers));
    args.addAll(List.of("--application-id", applicationId));
    args.addAll(List.of("--state-dir", stateDir().toString()));
    args.addAll(List.of("--run-id", runId));
    args.addAll(List.of("--group-protocol", groupProtocol.name()));
    args.addAll(List.of("--commit-interval-ms", Long.toString(commitInterval.toMillis())));
    args.addAll(List.of("--max-poll-interval-ms", Long.toString(maxPollInterval.toMillis())));
    if (slowRecord != null) {
      args.addAll(List.of("--slow-record-ms", Long.toString(slowRecord.toMillis())));
    }
    if (eos) {
      args.add("--eos");
    }
    if (!restoreBatchDelay.isZero()) {
      args.addAll(List.of("--restore-batch-delay-ms", Long.toString(restoreBatchDelay.toMillis())));
    }
    args.addAll(List.of("--threads", Integer.toString(threads)));
    if (!startDelay.isZero()) {
      args.addAll(List.of("--start-delay-ms", Long.toString(startDelay.toMillis())));
    }
    return args;
  }
}
