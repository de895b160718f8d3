package io.kshealth.collectors.ebs;

/**
 * A {@code GetMetricData} call that gave no page. The {@link #problem} is what operators see as the
 * reading's: the HTTP status, CloudWatch's error code and message, or the I/O failure.
 */
final class CloudWatchCallException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String problem;
  private final boolean retryable;

  /**
   * @param retryable whether another attempt within the same call may succeed (I/O failures and the
   *     5xx statuses the SDK retries)
   */
  CloudWatchCallException(String problem, boolean retryable) {
    super(problem);
    this.problem = problem;
    this.retryable = retryable;
  }

  String problem() {
    return problem;
  }

  boolean retryable() {
    return retryable;
  }
}
