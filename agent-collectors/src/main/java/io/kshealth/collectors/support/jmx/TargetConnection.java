package io.kshealth.collectors.support.jmx;

import io.kshealth.collectors.support.proc.ProcessReading;
import io.kshealth.core.retry.Backoff;
import io.kshealth.core.retry.FailureState;
import io.kshealth.core.retry.RetryPolicy;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleSupplier;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's one connection to the target JVM. Every exchange runs on the connection's own thread
 * and the caller waits at most {@link TargetSettings#timeout()}: RMI has no read timeout, so a call
 * to a paused JVM would otherwise hang for as long as the pause.
 *
 * <p>A call that timed out is not cancelled (interrupting a blocked RMI read does nothing); while
 * it is still blocked, later runs report the target unresponsive at once instead of piling up
 * threads, and the moment it returns, the target is back. Refused and lost connections are retried
 * with a growing delay; a new process behind an {@code attach: match:} is tried at once, and at
 * every run while it is younger than {@link #STARTING}.
 */
public final class TargetConnection implements AutoCloseable {

  /** What a run does with the connection; it runs on the connection's thread. */
  @FunctionalInterface
  public interface Work<T> {
    T run(MBeanServerConnection server, TargetJvm jvm) throws IOException, JMException;
  }

  /** Work over a connection that is already open, from any thread (see {@link #callIfOpen}). */
  @FunctionalInterface
  public interface OpenWork<T> {
    T run(MBeanServerConnection server) throws IOException, JMException;
  }

  /** The result of one run: the state, and the work's answer when the target was up. */
  public record Outcome<T>(TargetState state, Optional<T> answer, String detail) {}

  /** Refused and lost connections: waits of 0.5–1 s, then 1–2 s, ... up to 15–30 s. */
  static final RetryPolicy RETRY_POLICY =
      RetryPolicy.doubling(Duration.ofSeconds(1), Duration.ofSeconds(30));

  /**
   * A process this young is still starting, and its JVM may refuse an attach until it has set up: a
   * failure is then tried again at the next run, not after the growing wait, which had reached
   * several seconds by the time a loaded app was up and kept the agent from it that long.
   */
  static final Duration STARTING = Duration.ofMinutes(1);

  private static final Logger log = LoggerFactory.getLogger(TargetConnection.class);
  private static final ObjectName RUNTIME = MBeanValues.objectName("java.lang:type=Runtime");
  private static final List<String> RUNTIME_ATTRIBUTES = List.of("Pid", "StartTime", "Uptime");

  private final TargetSettings settings;
  private final Clock clock;
  private final Path proc;
  private final long selfPid = ProcessHandle.current().pid();
  private final ExecutorService thread;
  private final Connector connector;

  /** The last call, which may still be blocked; null before the first. */
  private @Nullable Future<?> inFlight;

  private long inFlightSinceMillis;

  /** The connection whose JVM was read last, that JVM, and when: used from the thread only. */
  private @Nullable MBeanServerConnection jvmServer;

  private @Nullable TargetJvm jvm;
  private long jvmReadAtMillis;
  private OptionalLong attachedPid = OptionalLong.empty();

  /** The process whose JVM answered last; empty for a remote target and before any answer. */
  private OptionalLong answeredPid = OptionalLong.empty();

  private final FailureState target;
  private String lastProblem = "";

  public TargetConnection(TargetSettings settings, String name, Clock clock, Path proc) {
    this(settings, name, clock, proc, Backoff.RANDOM);
  }

  /**
   * @param random the jitter of the retry waits; tests pass a constant
   */
  TargetConnection(
      TargetSettings settings, String name, Clock clock, Path proc, DoubleSupplier random) {
    this.settings = settings;
    this.clock = clock;
    this.proc = proc;
    this.target =
        new FailureState(
            log,
            "Reading the Streams application's JVM (" + settings.target() + ")",
            new Backoff(RETRY_POLICY, clock, random));
    this.connector = new Connector(settings.target(), proc);
    this.thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "kshealth-jmx-" + name);
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Runs {@code work} against the target, waiting at most the timeout.
   *
   * @throws InterruptedException when the scheduler gives up on the run
   * @throws IOException when finding the process in {@code /proc} fails
   */
  public <T> Outcome<T> call(Work<T> work) throws InterruptedException, IOException {
    long now = clock.millis();
    // The process first, even while a call hangs: a restarted target is a new process whose
    // predecessor is gone, whatever became of the call (see replacedSinceLastAnswer).
    OptionalLong pid = OptionalLong.empty();
    if (settings.target() instanceof JmxTarget.Attach attach) {
      pid = attach.selector().resolve(proc, selfPid, attachedPid);
      if (!pid.equals(attachedPid)) {
        // A new process: whatever failed before was about the old one.
        target.forget();
      }
      attachedPid = pid;
      if (pid.isEmpty()) {
        return outcome(TargetState.DOWN, "not found: " + attach.selector());
      }
    }
    if (inFlight != null && !inFlight.isDone()) {
      return outcome(
          TargetState.UNRESPONSIVE,
          "a call made " + seconds(now - inFlightSinceMillis) + " ago has not returned");
    }
    if (!target.retryDue() && !starting(pid)) {
      return outcome(
          TargetState.DOWN,
          lastProblem + "; next attempt in " + seconds(target.untilRetry().toMillis()));
    }
    OptionalLong found = pid;
    Future<T> answer = thread.submit(() -> exchange(found, work));
    inFlight = answer;
    inFlightSinceMillis = now;
    try {
      T t = answer.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
      target.succeeded();
      answeredPid = found;
      return new Outcome<>(TargetState.UP, Optional.of(t), connector.describe());
    } catch (TimeoutException e) {
      return outcome(
          TargetState.UNRESPONSIVE,
          "no answer within " + seconds(settings.timeout().toMillis()) + " from " + describe());
    } catch (ExecutionException e) {
      return failed(Objects.requireNonNullElse(e.getCause(), e));
    }
  }

  /**
   * Runs {@code work} over the connection the runs opened, if one is open, waiting at most {@code
   * timeout}; never connects or attaches. Safe from any thread: the work queues on the connection's
   * thread behind a run in progress, so the connection is only ever used from there.
   *
   * <p>A call that times out while still queued (behind a run to a paused JVM) is cancelled and
   * never made; one already made stays blocked like any call to a paused JVM, and the next run
   * finds the target unresponsive.
   *
   * @return empty when no connection is open (none yet, dropped since, or closed)
   * @throws TimeoutException when the work did not finish within {@code timeout}
   */
  public <T> Optional<T> callIfOpen(OpenWork<T> work, Duration timeout)
      throws IOException, JMException, InterruptedException, TimeoutException {
    Future<Optional<T>> answer;
    try {
      answer =
          thread.submit(
              () -> {
                MBeanServerConnection server = connector.current();
                return server == null ? Optional.<T>empty() : Optional.of(work.run(server));
              });
    } catch (RejectedExecutionException e) {
      return Optional.empty(); // Closed: the agent is stopping.
    }
    try {
      return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | InterruptedException e) {
      answer.cancel(false);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = Objects.requireNonNullElse(e.getCause(), e);
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof JMException jm) {
        throw jm;
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }

  private <T> T exchange(OptionalLong pid, Work<T> work) throws IOException, JMException {
    MBeanServerConnection server;
    try {
      server = startRun(pid);
    } catch (IOException e) {
      // The connection broke since the last run (a restarted target behind the same port): one
      // fresh connection, so the restart is found by this run rather than the next.
      connector.disconnect();
      server = startRun(pid);
    }
    try {
      return work.run(server, jvmNow());
    } catch (IOException e) {
      connector.disconnect();
      throw e;
    }
  }

  /**
   * The connection for a run, opened first when there is none. Its JVM is read once per connection
   * (its pid and start time cannot change under one); each run then makes one small call that
   * proves the JVM answers (see {@link ListedNames}).
   */
  private MBeanServerConnection startRun(OptionalLong pid) throws IOException, JMException {
    MBeanServerConnection server = connector.connect(pid);
    if (server != jvmServer) {
      jvm = runtime(server);
      jvmReadAtMillis = clock.millis();
      jvmServer = server;
    }
    connector.startRun();
    return server;
  }

  /** The JVM read for this connection, its uptime advanced by the clock since. */
  private TargetJvm jvmNow() {
    TargetJvm read = Objects.requireNonNull(jvm);
    return new TargetJvm(
        read.pid(), read.startTimeMillis(), read.uptimeMillis() + clock.millis() - jvmReadAtMillis);
  }

  private static TargetJvm runtime(MBeanServerConnection server) throws IOException, JMException {
    MBeanValues v = MBeanValues.read(server, RUNTIME, RUNTIME_ATTRIBUTES);
    return new TargetJvm(
        v.number("Pid").stream().mapToLong(d -> (long) d).findFirst(),
        (long) v.number("StartTime").orElse(0),
        (long) v.number("Uptime").orElse(0));
  }

  /** Whether the attached process started less than {@link #STARTING} ago. */
  private boolean starting(OptionalLong pid) throws IOException {
    if (pid.isEmpty()) {
      return false;
    }
    OptionalDouble started = ProcessReading.startTimeSeconds(proc, pid.getAsLong());
    return started.isPresent()
        && clock.millis() - started.getAsDouble() * 1000 < STARTING.toMillis();
  }

  private <T> Outcome<T> failed(Throwable cause) {
    if (!(cause instanceof IOException || cause instanceof SecurityException)) {
      // Not the connection: a reader met something it does not understand. That is the
      // collector's failure, and the scheduler reports it as one.
      throw new IllegalStateException("reading " + describe() + " failed: " + cause, cause);
    }
    String problem = problem(cause);
    target.failed(
        attachedPid.isPresent() ? "pid " + attachedPid.getAsLong() + ": " + problem : problem);
    return outcome(TargetState.DOWN, problem);
  }

  private static String problem(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return "connection refused";
      }
    }
    if (cause instanceof SecurityException) {
      return "access denied: " + cause.getMessage();
    }
    return cause.getClass().getSimpleName()
        + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
  }

  private <T> Outcome<T> outcome(TargetState state, String detail) {
    lastProblem = detail;
    return new Outcome<>(state, Optional.empty(), detail);
  }

  /** The target as configured, and the process found for it. */
  public String describe() {
    return settings.target()
        + (attachedPid.isPresent() ? " (pid " + attachedPid.getAsLong() + ")" : "");
  }

  /**
   * Whether the process found now is another than the one whose JVM answered last: the target was
   * restarted, so what the last answer described is gone even while the new JVM does not answer
   * yet. Always false for a remote target, whose process the agent cannot see.
   */
  public boolean replacedSinceLastAnswer() {
    return answeredPid.isPresent() && !answeredPid.equals(attachedPid);
  }

  /** The process attached to; empty for a remote target and while none is found. */
  public OptionalLong attachedPid() {
    return attachedPid;
  }

  private static String seconds(long millis) {
    return String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
  }

  /** Closes the connection without waiting for a target that may never answer. */
  @Override
  public void close() {
    thread.submit(connector::disconnect);
    thread.shutdown();
  }
}
