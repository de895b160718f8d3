package io.kshealth.collectors.lag;

import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * What the evidence says of the record a group stopped at: never its value, and its key only as a
 * keyed hash when configured ({@link KeyHash}).
 *
 * @param offset the record's own offset: at or after the committed offset (transaction markers and
 *     compacted-away records are skipped)
 * @param keyBytes the serialized key's size; -1 for a record without a key
 * @param keyHmac the key's HMAC-SHA256, in hex, under the install's secret; empty unless {@code
 *     evidence.key: hmac}, or without a key
 * @param headers the names of its headers, in order, at most {@value #MAX_HEADERS}, each cut to
 *     {@value #MAX_HEADER_CHARS} characters
 */
record RecordMeta(long offset, int keyBytes, Optional<String> keyHmac, List<String> headers) {

  static final int MAX_HEADERS = 16;
  static final int MAX_HEADER_CHARS = 64;

  RecordMeta {
    headers = List.copyOf(headers);
  }

  /**
   * @param key the key's bytes when the reader keeps them (only with {@code evidence.key: hmac})
   */
  static RecordMeta of(ConsumerRecord<byte[], ?> record, KeyHash keys) {
    List<String> names =
        java.util.stream.StreamSupport.stream(record.headers().spliterator(), false)
            .limit(MAX_HEADERS)
            .map(Header::key)
            .map(k -> k.length() <= MAX_HEADER_CHARS ? k : k.substring(0, MAX_HEADER_CHARS))
            .toList();
    return new RecordMeta(
        record.offset(), record.serializedKeySize(), keys.hmac(record.key()), names);
  }
}
