package io.kshealth.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * An agent running the {@code streams} collector, named {@code streams}, every second, and its runs
 * as {@code /metrics} shows them.
 */
final class StreamsAgent implements AutoCloseable {

  /** Generous for a shared machine: a run is 1 s apart, so a few dozen runs fit in this. */
  static final Duration RUNS_TIMEOUT = Duration.ofSeconds(90);

  final Daemon daemon;
  final CollectorRuns runs;

  private StreamsAgent(Daemon daemon) {
    this.daemon = daemon;
    this.runs = new CollectorRuns(daemon, "streams");
  }

  /**
   * @param target the YAML flow map under {@code target:}, such as {@code {jmx: {url: ...}}}
   * @param options more options of the collector, one {@code key: value} per line, or ""
   */
  static StreamsAgent start(Path dir, String target, String options) throws IOException {
    Path config =
        Files.writeString(
            Files.createTempFile(dir, "streams-agent-", ".yaml"),
            "collectors:\n"
                + "  streams:\n"
                + "    type: streams\n"
                + "    interval: 1s\n"
                + "    timeout: 1s\n"
                + "    target: "
                + target
                + "\n"
                + options.indent(4));
    Daemon daemon = Kshealth.distribution().start(dir, Map.of(), config);
    daemon.awaitReady();
    return new StreamsAgent(daemon);
  }

  static String jmx(String url, Duration timeout) {
    return "{jmx: {url: " + quoted(url) + "}, timeout: " + timeout.toMillis() + "ms}";
  }

  static String attachMatching(String regex, Duration timeout) {
    return "{attach: {match: " + quoted(regex) + "}, timeout: " + timeout.toMillis() + "ms}";
  }

  /** A YAML single-quoted scalar: backslashes stay as they are. */
  static String quoted(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  @Override
  public void close() throws IOException {
    daemon.closeCleanly();
  }
}
