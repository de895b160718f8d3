package io.kshealth.collectors.ebs;

import io.kshealth.core.retry.Backoff;
import io.kshealth.core.retry.FailureState;
import io.kshealth.core.retry.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the EBS metrics of the volumes and the instance from CloudWatch: one batched {@code
 * GetMetricData} call per poll (its pages followed), the newest point of each series kept with its
 * own timestamp.
 *
 * <p>The window asked for ends {@link #END_LAG} before the current minute began: CloudWatch
 * publishes EBS data minutes late, and the minute being published may hold only part of its
 * samples. It reaches {@link #WINDOW} back, so that an unusually late publication and the
 * five-minute instance metrics still leave a point; CloudWatch bills per metric, not per point, so
 * the long window costs nothing.
 *
 * <p>A failed call (throttled, 5xx, timed out, denied) makes the poller back off ({@link
 * #RETRY_POLICY}); polls until then return the last values marked stale without calling. A call is
 * retried at most once ({@link GetMetricDataCaller} says for what) and bounded as a whole by {@link
 * #CALL_TIMEOUT}, so one poll never blocks the collector for long. Credentials come from the SDK's
 * default provider chain only.
 *
 * <p>Not thread-safe: one collector polls it from its own schedule.
 */
final class CloudWatchPoller implements AutoCloseable {

  /** EBS publishes one-minute data. */
  static final Duration PERIOD = Duration.ofMinutes(1);

  static final Duration END_LAG = Duration.ofMinutes(2);
  static final Duration WINDOW = Duration.ofMinutes(20);

  /**
   * Pages followed per poll. A full call (500 queries × 20 points) is far below the 100,800 points
   * CloudWatch returns per page, so more pages only come when CloudWatch chooses to split.
   */
  static final int MAX_PAGES = 5;

  static final int MAX_ATTEMPTS = 2;
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(5);
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(12);

  /**
   * After a failed call: waits of 1–2 min (longer than the default 60 s poll interval, so a
   * throttled agent skips polls), doubling up to 7.5–15 min. CloudWatch throttles per account and
   * region, so the jitter keeps a fleet throttled together from coming back together.
   */
  static final RetryPolicy RETRY_POLICY =
      RetryPolicy.doubling(Duration.ofMinutes(2), Duration.ofMinutes(15));

  private static final Logger log = LoggerFactory.getLogger(CloudWatchPoller.class);

  private final GetMetricDataCaller caller;
  private final CloudWatchQueries queries;
  private final Clock clock;
  private final FailureState calls;
  private CloudWatchReading last =
      new CloudWatchReading(Map.of(), Map.of(), Optional.empty(), true, "", 0);
  private long metricsRequested;

  /**
   * @param jitter where the random part of back-off delays comes from
   */
  public CloudWatchPoller(CloudWatchTarget target, Clock clock, RandomGenerator jitter) {
    this(
        target,
        clock,
        jitter,
        new GetMetricDataCaller(
            CloudWatchEndpoint.of(target, System::getenv),
            target.region(),
            clock,
            CONNECT_TIMEOUT,
            SOCKET_TIMEOUT,
            CALL_TIMEOUT,
            MAX_ATTEMPTS));
  }

  /** With a caller of the test's (shorter timeouts). */
  CloudWatchPoller(
      CloudWatchTarget target, Clock clock, RandomGenerator jitter, GetMetricDataCaller caller) {
    this.caller = caller;
    this.queries = new CloudWatchQueries(target, PERIOD);
    this.clock = clock;
    this.calls =
        new FailureState(
            log, "CloudWatch GetMetricData", new Backoff(RETRY_POLICY, clock, jitter::nextDouble));
  }

  /** Metrics one call asks for: five per volume, two for the instance. */
  public int metricsPerCall() {
    return queries.size();
  }

  /** Fetches the newest points, or returns the last ones marked stale while backing off. */
  public CloudWatchReading poll() {
    Instant now = clock.instant();
    if (!calls.retryDue()) {
      return last.stale(last.problem(), metricsRequested);
    }
    try {
      last = fetch(now);
      calls.succeeded();
      return last;
    } catch (CloudWatchCallException e) {
      calls.failed(e.problem());
      last = last.stale(e.problem() + "; next call after " + calls.retryAt(), metricsRequested);
      return last;
    }
  }

  private CloudWatchReading fetch(Instant now) throws CloudWatchCallException {
    Instant end = now.truncatedTo(ChronoUnit.MINUTES).minus(END_LAG);
    Instant start = end.minus(WINDOW);
    CloudWatchResults results = new CloudWatchResults(queries);
    Optional<String> token = Optional.empty();
    int pages = 0;
    do {
      // Counted before the call: a call that fails may still have been billed.
      metricsRequested += queries.size();
      GetMetricDataPage page = caller.call(queries, start, end, token);
      results.add(page.results());
      token = page.nextToken();
      pages++;
    } while (token.isPresent() && pages < MAX_PAGES);
    return results.reading(now, metricsRequested);
  }

  @Override
  public void close() {
    caller.close();
  }
}
