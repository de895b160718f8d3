package io.kshealth.collectors.support.streams;

import io.kshealth.collectors.support.jmx.StreamsClient;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What one run read of a {@code KafkaStreams} client's {@code stream-metrics} MBeans. Each value is
 * empty while Kafka has not added the attribute yet.
 *
 * @param state as Kafka names it: CREATED, REBALANCING, RUNNING, PENDING_SHUTDOWN, NOT_RUNNING,
 *     PENDING_ERROR, ERROR
 * @param recordingLevel INFO, DEBUG or TRACE: sensors above it exist but read 0 or NaN
 */
public record ClientReading(
    StreamsClient client,
    Optional<String> state,
    OptionalDouble aliveThreads,
    OptionalDouble failedThreads,
    Optional<String> version,
    Optional<String> recordingLevel) {}
