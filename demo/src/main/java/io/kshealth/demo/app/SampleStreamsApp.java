package io.kshealth.demo.app;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The sample stateful Kafka Streams app of the test bed, run in a JVM of its own as a user's app
 * would be. Its stdout carries {@link AppEvents} lines; it stops cleanly on SIGTERM or SIGINT.
 */
@Command(name = "sample-streams-app", mixinStandardHelpOptions = true)
public final class SampleStreamsApp implements Callable<Integer> {

  /** Group protocols the app can run with ({@code group.protocol}). */
  public enum GroupProtocol {
    CLASSIC,
    STREAMS;

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  @Option(names = "--bootstrap-servers", required = true)
  String bootstrapServers;

  @Option(names = "--application-id", required = true)
  String applicationId;

  @Option(names = "--state-dir", required = true)
  Path stateDir;

  @Option(names = "--run-id", required = true, description = "control records name the run")
  String runId;

  @Option(names = "--group-protocol", defaultValue = "CLASSIC", description = "CLASSIC, STREAMS")
  GroupProtocol groupProtocol;

  @Option(names = "--eos", description = "processing.guarantee=exactly_once_v2")
  boolean eos;

  @Option(names = "--threads", defaultValue = "2")
  int threads;

  @Option(names = "--commit-interval-ms", defaultValue = "1000")
  long commitIntervalMs;

  @Option(names = "--max-poll-interval-ms", defaultValue = "300000")
  int maxPollIntervalMs;

  @Option(names = "--slow-record-ms", description = "default: twice --max-poll-interval-ms")
  Long slowRecordMs;

  @Option(
      names = "--slow-consumer-ms",
      defaultValue = "100",
      description =
          "what each event takes after a slow-consumer record: with 2 threads about 20 events/s,"
              + " below the test bed's input")
  long slowConsumerMs;

  @Option(
      names = "--restore-batch-delay-ms",
      defaultValue = "0",
      description = "wait this long after each restored batch, to make restores take minutes")
  long restoreBatchDelayMs;

  @Option(
      names = "--start-delay-ms",
      defaultValue = "0",
      description = "wait this long before KafkaStreams.start(), as an app slow to come up")
  long startDelayMs;

  @Option(
      names = "--session-timeout-ms",
      defaultValue = "6000",
      description = "classic protocol only; the streams protocol takes it from the broker")
  int sessionTimeoutMs;

  public static void main(String[] args) {
    int code = new CommandLine(new SampleStreamsApp()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    AppEvents events = new AppEvents(System.out, Clock.systemUTC());
    CountDownLatch closing = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    Duration slowRecord =
        Duration.ofMillis(slowRecordMs != null ? slowRecordMs : 2L * maxPollIntervalMs);

    KafkaStreams streams =
        new KafkaStreams(
            SampleTopology.build(
                SampleTopics.of(applicationId),
                runId,
                slowRecord,
                Duration.ofMillis(slowConsumerMs),
                closing,
                events),
            properties());
    streams.setStateListener((to, from) -> events.state(from.name(), to.name()));
    if (restoreBatchDelayMs > 0) {
      streams.setGlobalStateRestoreListener(
          new SlowRestore(Duration.ofMillis(restoreBatchDelayMs), closing));
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  closing.countDown();
                  streams.close(Duration.ofSeconds(30));
                  events.stopped();
                  closed.countDown();
                },
                "sample-app-shutdown"));
    // Started by a test or the demo: when that process dies without stopping us (a killed test
    // JVM), exit rather than live on as an orphan.
    ProcessHandle.current()
        .parent()
        .ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
    events.started(ProcessHandle.current().pid(), runId);
    // A stop during the delay closes a client that never started.
    if (!closing.await(startDelayMs, TimeUnit.MILLISECONDS)) {
      streams.start();
    }
    closed.await();
    return 0;
  }

  private Properties properties() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
    props.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, groupProtocol.id());
    props.put(
        StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
        eos ? StreamsConfig.EXACTLY_ONCE_V2 : StreamsConfig.AT_LEAST_ONCE);
    props.put(
        StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG),
        maxPollIntervalMs);
    if (groupProtocol == GroupProtocol.CLASSIC) {
      props.put(
          StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), sessionTimeoutMs);
      props.put(
          StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG),
          Math.max(100, sessionTimeoutMs / 6));
    }
    return props;
  }
}
