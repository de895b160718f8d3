package io.kshealth.collectors.ebs;

import java.time.Instant;

/**
 * A data point as CloudWatch returned it.
 *
 * @param timestamp the start of the minute (or five minutes) the value aggregates; CloudWatch
 *     publishes minutes late, so this, not the time of the poll, is when the value held
 */
record CloudWatchPoint(double value, Instant timestamp) {}
