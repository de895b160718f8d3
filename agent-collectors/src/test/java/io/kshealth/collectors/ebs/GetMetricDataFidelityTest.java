package io.kshealth.collectors.ebs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

/**
 * {@link GetMetricDataCaller} against the SDK's generated {@code CloudWatchClient} (2.41.30, which
 * real CloudWatch answers): the same query through both reaches {@link CloudWatchFake} as the same
 * request, and the same answers read the same. The fake checks both requests' SigV4 signatures with
 * its own {@link SigV4Verifier}, so the SDK's requests also prove the verifier right.
 */
@ExtendWith(AwsTestCredentials.class)
class GetMetricDataFidelityTest {

  static final String REGION = "eu-west-1";
  static final String VOLUME = "vol-0abc1234def567890";
  static final String INSTANCE = "i-0123456789abcdef0";
  static final Instant END = Instant.parse("2026-03-01T09:58:00Z");
  static final Instant START = END.minus(Duration.ofMinutes(20));

  /** What makes a request RPC v2 CBOR, besides its path, which the fake checks. */
  static final List<String> PROTOCOL_HEADERS = List.of("Content-type", "Accept", "Smithy-protocol");

  private CloudWatchFake cloudWatch;
  private CloudWatchClient sdk;
  private GetMetricDataCaller ours;
  private final CloudWatchQueries queries =
      new CloudWatchQueries(
          new CloudWatchTarget(REGION, Optional.empty(), List.of(VOLUME), Optional.of(INSTANCE)),
          CloudWatchPoller.PERIOD);

  @BeforeEach
  void start() throws IOException {
    cloudWatch =
        new CloudWatchFake(REGION, AwsTestCredentials.ACCESS_KEY, AwsTestCredentials.SECRET_KEY);
    sdk =
        CloudWatchClient.builder()
            .region(Region.of(REGION))
            .endpointOverride(cloudWatch.endpoint())
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1)))
            .build();
    ours =
        new GetMetricDataCaller(
            cloudWatch.endpoint(),
            REGION,
            Clock.systemUTC(),
            CloudWatchPoller.CONNECT_TIMEOUT,
            CloudWatchPoller.SOCKET_TIMEOUT,
            CloudWatchPoller.CALL_TIMEOUT,
            1);
  }

  @AfterEach
  void stop() {
    sdk.close();
    ours.close();
    cloudWatch.close();
  }

  private GetMetricDataRequest sdkRequest(String nextToken) {
    List<MetricDataQuery> sdkQueries = new ArrayList<>();
    queries
        .queries()
        .forEach(
            (id, series) ->
                sdkQueries.add(
                    MetricDataQuery.builder()
                        .id(id)
                        .returnData(true)
                        .metricStat(
                            MetricStat.builder()
                                .metric(
                                    Metric.builder()
                                        .namespace(series.metric().scope().namespace())
                                        .metricName(series.metric().metricName())
                                        .dimensions(
                                            Dimension.builder()
                                                .name(series.metric().scope().dimension())
                                                .value(series.dimensionValue())
                                                .build())
                                        .build())
                                .period(queries.periodSeconds())
                                .stat(series.metric().statistic())
                                .build())
                        .build()));
    return GetMetricDataRequest.builder()
        .metricDataQueries(sdkQueries)
        .startTime(START)
        .endTime(END)
        .scanBy(ScanBy.TIMESTAMP_DESCENDING)
        .nextToken(nextToken)
        .build();
  }

  private static GetMetricDataPage asPage(GetMetricDataResponse response) {
    return new GetMetricDataPage(
        response.metricDataResults().stream()
            .map(
                r ->
                    new GetMetricDataPage.Result(
                        r.id(), r.statusCodeAsString(), r.timestamps(), r.values()))
            .toList(),
        Optional.ofNullable(response.nextToken()));
  }

  @Test
  void bothSendTheSameRequestsAndReadTheSameAnswersPageByPage() throws Exception {
    for (int minute = 30; minute < 60; minute++) {
      Instant at = Instant.parse("2026-03-01T09:00:00Z").plus(Duration.ofMinutes(minute));
      cloudWatch.publish("BurstBalance", VOLUME, at, minute + 0.25);
      cloudWatch.publish("VolumeQueueLength", VOLUME, at, minute / 1000d);
      cloudWatch.publish("EBSIOBalance%", INSTANCE, at, 100 - minute);
    }
    cloudWatch.status("VolumeQueueLength", VOLUME, "InternalError");
    cloudWatch.pointsPerPage(25);

    GetMetricDataPage sdkFirst = asPage(sdk.getMetricData(sdkRequest(null)));
    GetMetricDataPage ourFirst = ours.call(queries, START, END, Optional.empty());
    assertEquals(sdkFirst, ourFirst);
    assertTrue(ourFirst.nextToken().isPresent(), "the answer is paged");
    GetMetricDataPage sdkSecond =
        asPage(sdk.getMetricData(sdkRequest(sdkFirst.nextToken().orElseThrow())));
    GetMetricDataPage ourSecond = ours.call(queries, START, END, ourFirst.nextToken());
    assertEquals(sdkSecond, ourSecond);
    assertTrue(ourSecond.results().stream().anyMatch(r -> !r.values().isEmpty()));

    assertEquals(List.of(), cloudWatch.violations(), "path, protocol and signatures");
    List<CloudWatchFake.Call> calls = cloudWatch.calls();
    assertEquals(4, calls.size());
    for (int i = 0; i < 4; i += 2) {
      CloudWatchFake.Call theirs = calls.get(i);
      CloudWatchFake.Call mine = calls.get(i + 1);
      assertEquals(theirs.body(), mine.body(), "the decoded CBOR of request " + i / 2);
      for (String h : PROTOCOL_HEADERS) {
        assertEquals(
            List.of(h.equals("Smithy-protocol") ? "rpc-v2-cbor" : "application/cbor"),
            theirs.headers().get(h),
            h);
        assertEquals(theirs.headers().get(h), mine.headers().get(h), h);
      }
    }
    assertEquals(Optional.of("25"), calls.get(3).nextToken());
  }

  @Test
  void errorsSayWhatTheSdkSaid() {
    for (CloudWatchFake.Reply reply :
        List.of(
            CloudWatchFake.THROTTLED,
            CloudWatchFake.INTERNAL_ERROR,
            new CloudWatchFake.Reply(
                400,
                Map.of(),
                Map.of(
                    "__type",
                    "com.amazonaws.cloudwatch#InvalidParameterValueException",
                    "message",
                    "The value Foo for parameter Stat is not valid.")),
            new CloudWatchFake.Reply(
                429, Map.of(), Map.of("__type", "TooManyRequests", "Message", "slow down")))) {
      cloudWatch.then(reply, reply);

      AwsServiceException e =
          assertThrows(AwsServiceException.class, () -> sdk.getMetricData(sdkRequest(null)));
      CloudWatchCallException mine =
          assertThrows(
              CloudWatchCallException.class,
              () -> ours.call(queries, START, END, Optional.empty()));

      String sdkSaid =
          (e.isThrottlingException() ? "throttled: " : "")
              + "HTTP "
              + e.statusCode()
              + " "
              + e.awsErrorDetails().errorCode()
              + ": "
              + e.awsErrorDetails().errorMessage();
      assertEquals(sdkSaid, mine.problem());
    }
  }
}
