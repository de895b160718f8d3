package io.kshealth.collectors.ebs;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * What an answer other than a success says, read as the SDK reads CloudWatch's errors: the code
 * from {@code x-amzn-query-error} (CloudWatch is query-compatible, so the code its Query API gave
 * comes there, e.g. {@code Throttling}), else from the body's {@code __type}; throttling by the
 * SDK's list of throttling codes or HTTP 429.
 */
final class CloudWatchErrorAnswer {

  /** The SDK's throttling error codes ({@code AwsErrorCode.THROTTLING_ERROR_CODES}). */
  static final Set<String> THROTTLING_CODES =
      Set.of(
          "Throttling",
          "ThrottlingException",
          "ThrottledException",
          "ProvisionedThroughputExceededException",
          "SlowDown",
          "TooManyRequestsException",
          "RequestLimitExceeded",
          "BandwidthLimitExceeded",
          "RequestThrottled",
          "RequestThrottledException",
          "EC2ThrottledException",
          "TransactionInProgressException");

  /** The statuses the SDK's standard retry conditions retry (its throttling aside). */
  static final Set<Integer> RETRYABLE_STATUSES = Set.of(500, 502, 503, 504);

  static final String QUERY_ERROR_HEADER = "x-amzn-query-error";

  /** The longest text of the server's that a problem quotes. */
  static final int MAX_QUOTED = 200;

  private CloudWatchErrorAnswer() {}

  /**
   * The call's failure for an answer with this status.
   *
   * @param queryError the {@code x-amzn-query-error} header, if sent
   */
  static CloudWatchCallException of(
      int status, Optional<String> queryError, Optional<String> contentType, byte[] body) {
    boolean retryable = RETRYABLE_STATUSES.contains(status);
    Optional<GetMetricDataCbor.ErrorBody> error = GetMetricDataCbor.error(body);
    Optional<String> code =
        queryError
            .map(h -> h.split(";", 2)[0].strip())
            .filter(c -> !c.isEmpty())
            .or(
                () ->
                    error
                        .flatMap(GetMetricDataCbor.ErrorBody::type)
                        .map(CloudWatchErrorAnswer::shortType));
    if (error.isEmpty() && code.isEmpty()) {
      // A proxy's or load balancer's page, not CloudWatch's: say what came instead.
      return new CloudWatchCallException(
          "HTTP "
              + status
              + ", not a CloudWatch error ("
              + contentType.orElse("no Content-Type")
              + "): "
              + quote(new String(body, StandardCharsets.UTF_8)),
          retryable);
    }
    boolean throttled = status == 429 || code.filter(THROTTLING_CODES::contains).isPresent();
    String message = error.flatMap(GetMetricDataCbor.ErrorBody::message).orElse("(no message)");
    return new CloudWatchCallException(
        (throttled ? "throttled: " : "")
            + "HTTP "
            + status
            + " "
            + quote(code.orElse("(no code)"))
            + ": "
            + quote(message),
        retryable);
  }

  /** {@code com.amazonaws.cloudwatch#InternalServiceFault} is {@code InternalServiceFault}. */
  private static String shortType(String type) {
    String name = type.substring(type.lastIndexOf('#') + 1);
    int colon = name.indexOf(':');
    return colon < 0 ? name : name.substring(0, colon);
  }

  /** Server text as one short printable line, so that it cannot forge or flood log lines. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && out.length() < MAX_QUOTED; i++) {
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) ? ' ' : c);
    }
    return text.length() > out.length() ? out.append('…').toString() : out.toString();
  }
}
