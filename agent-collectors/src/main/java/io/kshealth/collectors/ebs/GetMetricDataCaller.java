package io.kshealth.collectors.ebs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * CloudWatch's {@code GetMetricData}, and only it, built from the SDK's parts rather than its
 * generated client: the default credentials chain, the SigV4 signer, the JDK-based HTTP client and
 * the shaded CBOR codec. The generated client loaded some 1,400 classes more for this one operation
 * (among them every AWS service's endpoint metadata, which its builder reads to find a signing
 * region), about 13 MiB of the agent's resident memory.
 *
 * <p>A call makes at most {@code maxAttempts} attempts, a second one only for what the SDK's
 * standard retry conditions retry besides throttling: I/O failures and HTTP 500, 502, 503, 504.
 * Throttling is not retried within the call: the poller backs off for minutes after it, which is
 * what a throttled account needs, where an immediate retry only adds to its rate.
 *
 * <p>The whole call, attempts together, gives up when {@code callTimeout} is up, so that neither a
 * server trickling its answer nor a slow credentials look-up can hold the collector. The attempts
 * run on a thread of the caller's for that: the HTTP client's {@code abort()} cannot interrupt a
 * read in progress (HttpURLConnection's disconnect waits for it), so the caller stops waiting
 * instead, and the attempt ends by itself at its next read past the deadline or its socket timeout.
 *
 * <p>One caller serves one poller; calls are not concurrent.
 */
final class GetMetricDataCaller implements AutoCloseable {

  static final String PATH = "/service/GraniteServiceVersion20100801/operation/GetMetricData";
  static final String SIGNING_NAME = "monitoring";
  static final String CBOR = "application/cbor";

  /**
   * The largest answer read. A page of the poller's largest call (500 queries of 20 points) is
   * about 300 KiB; CloudWatch's own page limit of 100,800 points is about 2 MiB.
   */
  static final int MAX_ANSWER_BYTES = 4 << 20;

  private final URI uri;
  private final String region;
  private final Clock signingClock;
  private final Duration callTimeout;
  private final int maxAttempts;
  private final DefaultCredentialsProvider credentials =
      DefaultCredentialsProvider.builder().build();
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
  private final SdkHttpClient http;
  private final ExecutorService attempts;

  /**
   * @param endpoint scheme, host and port (and a base path, if any) of CloudWatch
   * @param signingClock the time the signature states; AWS refuses one more than 5 minutes off
   */
  GetMetricDataCaller(
      URI endpoint,
      String region,
      Clock signingClock,
      Duration connectTimeout,
      Duration socketTimeout,
      Duration callTimeout,
      int maxAttempts) {
    this.uri = URI.create(endpoint.toString().replaceAll("/+$", "") + PATH);
    this.region = region;
    this.signingClock = signingClock;
    this.callTimeout = callTimeout;
    this.maxAttempts = maxAttempts;
    this.http =
        UrlConnectionHttpClient.builder()
            .connectionTimeout(connectTimeout)
            .socketTimeout(socketTimeout)
            .build();
    this.attempts =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "kshealth-cloudwatch");
              t.setDaemon(true);
              return t;
            });
  }

  /** One page of the answer for these queries over [start, end), from {@code nextToken} on. */
  GetMetricDataPage call(
      CloudWatchQueries queries, Instant start, Instant end, Optional<String> nextToken)
      throws CloudWatchCallException {
    byte[] body = GetMetricDataCbor.request(queries, start, end, nextToken);
    long deadline = System.nanoTime() + callTimeout.toNanos();
    Future<GetMetricDataPage> page = attempts.submit(() -> attempts(body, deadline));
    try {
      return page.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      page.cancel(true);
      throw new CloudWatchCallException("no answer within " + callTimeout + ", given up", false);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof CloudWatchCallException c) {
        throw c;
      }
      throw new CloudWatchCallException(
          cause.getClass().getSimpleName() + ": " + cause.getMessage(), false);
    } catch (InterruptedException e) {
      page.cancel(true);
      Thread.currentThread().interrupt();
      throw new CloudWatchCallException("interrupted while calling GetMetricData", false);
    }
  }

  private GetMetricDataPage attempts(byte[] body, long deadline) throws CloudWatchCallException {
    for (int attempt = 1; ; attempt++) {
      try {
        return attempt(body, deadline);
      } catch (CloudWatchCallException e) {
        if (!e.retryable()
            || attempt >= maxAttempts
            || System.nanoTime() >= deadline
            || Thread.currentThread().isInterrupted()) {
          throw e;
        }
      }
    }
  }

  private GetMetricDataPage attempt(byte[] body, long deadline) throws CloudWatchCallException {
    SignedRequest signed = sign(body);
    try {
      HttpExecuteResponse response =
          http.prepareRequest(
                  HttpExecuteRequest.builder()
                      .request(signed.request())
                      .contentStreamProvider(signed.payload().orElseThrow())
                      .build())
              .call();
      return answer(response, read(response.responseBody(), deadline));
    } catch (IOException | RuntimeException e) {
      // I/O failures are worth another attempt; anything else the HTTP client throws is not.
      throw new CloudWatchCallException(
          e.getClass().getSimpleName() + ": " + e.getMessage(), e instanceof IOException);
    }
  }

  /** Signs with the credentials of now: the provider caches them and refreshes them itself. */
  private SignedRequest sign(byte[] body) throws CloudWatchCallException {
    AwsCredentials identity;
    try {
      identity = credentials.resolveCredentials();
    } catch (SdkException e) {
      throw new CloudWatchCallException(
          e.getClass().getSimpleName() + ": " + e.getMessage(), false);
    }
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(uri)
            .putHeader("Content-Type", CBOR)
            .putHeader("Accept", CBOR)
            .putHeader("smithy-protocol", "rpc-v2-cbor")
            .putHeader("Content-Length", Integer.toString(body.length))
            .build();
    return signer.sign(
        r ->
            r.identity(identity)
                .request(request)
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, signingClock));
  }

  /** The answer's body, read while it is small enough and the call's time is not up. */
  private byte[] read(Optional<AbortableInputStream> body, long deadline)
      throws IOException, CloudWatchCallException {
    if (body.isEmpty()) {
      return new byte[0];
    }
    try (InputStream in = body.get()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        if (System.nanoTime() >= deadline) {
          throw new CloudWatchCallException(
              "the answer was still coming after " + callTimeout, false);
        }
        if (out.size() > MAX_ANSWER_BYTES) {
          throw new CloudWatchCallException(
              "an answer of more than " + MAX_ANSWER_BYTES + " bytes, not read", false);
        }
      }
      return out.toByteArray();
    }
  }

  private static GetMetricDataPage answer(HttpExecuteResponse response, byte[] body)
      throws CloudWatchCallException {
    int status = response.httpResponse().statusCode();
    Optional<String> contentType = response.httpResponse().firstMatchingHeader("Content-Type");
    if (status / 100 != 2) {
      throw CloudWatchErrorAnswer.of(
          status,
          response.httpResponse().firstMatchingHeader(CloudWatchErrorAnswer.QUERY_ERROR_HEADER),
          contentType,
          body);
    }
    try {
      return GetMetricDataCbor.page(body);
    } catch (IOException e) {
      throw new CloudWatchCallException(
          "HTTP "
              + status
              + " with a malformed GetMetricData answer ("
              + contentType.orElse("no Content-Type")
              + "): "
              + CloudWatchErrorAnswer.quote(String.valueOf(e.getMessage())),
          false);
    }
  }

  @Override
  public void close() {
    attempts.shutdownNow();
    http.close();
    credentials.close();
  }
}
