package io.kshealth.demo.app;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The sample app's topology: one sub-topology over co-partitioned {@code events} and {@code
 * profiles}, with the three kinds of RocksDB store a real app has.
 *
 * <pre>
 * profiles ──► KTable [profiles] ──────────────┐
 * events ──► fault switch ──► leftJoin ◄────────┘ ──► enriched
 *                  └──► groupByKey ─┬─► count [event-counts]
 *                                   └─► 1-minute windows, sum of bytes [event-bytes-per-minute]
 * </pre>
 */
public final class SampleTopology {

  public static final String PROFILES_STORE = "profiles";
  public static final String COUNT_STORE = "event-counts";
  public static final String WINDOW_STORE = "event-bytes-per-minute";

  private SampleTopology() {}

  static Topology build(
      SampleTopics topics,
      String runId,
      Duration slowRecord,
      Duration slowConsumer,
      CountDownLatch closing,
      AppEvents events) {
    AtomicBoolean slowConsumerOn = new AtomicBoolean();
    StreamsBuilder builder = new StreamsBuilder();
    Consumed<String, String> strings = Consumed.with(Serdes.String(), Serdes.String());

    KTable<String, String> profiles =
        builder.table(
            topics.profiles(),
            strings,
            Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as(PROFILES_STORE));
    KStream<String, String> userEvents =
        builder.stream(topics.events(), strings)
            .processValues(
                () ->
                    new FaultSwitch(
                        runId, slowRecord, slowConsumer, slowConsumerOn, closing, events));

    userEvents
        .leftJoin(profiles, (event, profile) -> profile == null ? event : profile + " " + event)
        .to(topics.enriched(), Produced.with(Serdes.String(), Serdes.String()));

    KGroupedStream<String, String> byUser = userEvents.groupByKey();
    byUser.count(Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as(COUNT_STORE));
    byUser
        .windowedBy(TimeWindows.ofSizeWithNoGrace(Duration.ofMinutes(1)))
        .aggregate(
            () -> 0L,
            (user, event, bytes) -> bytes + event.length(),
            Materialized.<String, Long, WindowStore<Bytes, byte[]>>as(WINDOW_STORE)
                .withValueSerde(Serdes.Long()));
    return builder.build();
  }
}
