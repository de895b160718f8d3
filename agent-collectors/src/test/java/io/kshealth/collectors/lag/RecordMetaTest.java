package io.kshealth.collectors.lag;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordMetaTest {

  private static ConsumerRecord<byte[], Void> record(
      byte[] key, int keySize, RecordHeaders headers) {
    return new ConsumerRecord<>(
        "events",
        3,
        1236,
        1_796_590_800_000L,
        TimestampType.CREATE_TIME,
        keySize,
        100,
        key,
        null,
        headers,
        Optional.empty());
  }

  @Test
  void keepsTheOffsetKeySizeAndHeaderNamesButNoKeyWithoutAHash() {
    RecordHeaders headers = new RecordHeaders();
    headers.add(new RecordHeader("trace-id", "abc".getBytes(UTF_8)));
    headers.add(new RecordHeader("retry", null));
    RecordMeta m = RecordMeta.of(record(null, 11, headers), KeyHash.NONE);
    assertEquals(new RecordMeta(1236, 11, Optional.empty(), List.of("trace-id", "retry")), m);
  }

  @Test
  void hashesTheKeyWhenAskedAndBoundsTheHeaders(@TempDir Path dir) {
    KeyHash keys = KeyHash.of(KeyHash.Mode.HMAC, Optional.of(dir), "lag");
    RecordHeaders headers = new RecordHeaders();
    IntStream.range(0, 40).forEach(i -> headers.add(new RecordHeader("h".repeat(100) + i, null)));
    byte[] key = "customer-42".getBytes(UTF_8);
    RecordMeta m = RecordMeta.of(record(key, key.length, headers), keys);
    assertEquals(keys.hmac(key), m.keyHmac());
    assertEquals(64, m.keyHmac().orElseThrow().length());
    assertEquals(RecordMeta.MAX_HEADERS, m.headers().size());
    assertTrue(m.headers().stream().allMatch(h -> h.length() == RecordMeta.MAX_HEADER_CHARS));
    assertEquals(-1, RecordMeta.of(record(null, -1, new RecordHeaders()), keys).keyBytes());
  }
}
