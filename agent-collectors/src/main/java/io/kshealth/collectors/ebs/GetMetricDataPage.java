package io.kshealth.collectors.ebs;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One page of a {@code GetMetricData} answer, with only the members the poller reads.
 *
 * @param nextToken where the next page starts; empty on the last page
 */
record GetMetricDataPage(List<Result> results, Optional<String> nextToken) {

  GetMetricDataPage {
    results = List.copyOf(results);
  }

  /**
   * The points of one query: {@code timestamps.get(i)} is when {@code values.get(i)} held.
   *
   * @param statusCode {@code Complete}, {@code PartialData}, {@code InternalError}, {@code
   *     Forbidden}, as CloudWatch says it
   */
  record Result(String id, String statusCode, List<Instant> timestamps, List<Double> values) {

    static final String COMPLETE = "Complete";

    Result {
      if (timestamps.size() != values.size()) {
        throw new IllegalArgumentException(timestamps.size() + " timestamps, " + values.size());
      }
      timestamps = List.copyOf(timestamps);
      values = List.copyOf(values);
    }
  }
}
