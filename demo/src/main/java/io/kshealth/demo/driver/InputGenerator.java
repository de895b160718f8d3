package io.kshealth.demo.driver;

import io.kshealth.demo.app.SampleTopics;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Feeds a sample app's input topics at a controllable rate. {@link Mode#STEADY} cycles through a
 * fixed set of users; {@link Mode#BURSTY} sends the same events at the same mean rate, but in
 * bursts; {@link Mode#MEMORY_GROWTH} is the memory-growth fault: every record a new key with a
 * large profile and an event for some earlier key, so the app's RocksDB memtables fill and its
 * block cache grows.
 */
public final class InputGenerator implements AutoCloseable {

  public enum Mode {
    STEADY,
    /**
     * Quiet for {@link #BURST_QUIET} of every {@link #BURST_PERIOD}, then the rest of the period at
     * 3 times the rate: the mean is the rate, the peaks three times it.
     */
    BURSTY,
    MEMORY_GROWTH
  }

  /** One quiet spell and one burst. */
  public static final Duration BURST_PERIOD = Duration.ofSeconds(30);

  /** The quiet part of each period; the burst makes up for it at 3 times the rate. */
  public static final Duration BURST_QUIET = Duration.ofSeconds(20);

  /** Users of the steady mode; each gets a profile when the generator starts. */
  public static final int USERS = 1000;

  /** The size of one memory-growth profile value. */
  public static final int LARGE_VALUE_BYTES = 8 * 1024;

  private static final long TICK_MILLIS = 100;

  private final SampleTopics topics;
  private final KafkaProducer<String, String> producer;
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "input-generator");
            thread.setDaemon(true);
            return thread;
          });
  private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.STEADY);
  private final AtomicLong sent = new AtomicLong();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private volatile double recordsPerSecond;
  private double owed;
  private long ticks;

  private InputGenerator(String bootstrapServers, SampleTopics topics, double recordsPerSecond) {
    this.topics = topics;
    this.producer = Clients.stringProducer(bootstrapServers);
    this.recordsPerSecond = recordsPerSecond;
  }

  /** Writes one profile per user, then events at {@code recordsPerSecond}. */
  public static InputGenerator start(
      String bootstrapServers, SampleTopics topics, double recordsPerSecond) {
    InputGenerator generator = new InputGenerator(bootstrapServers, topics, recordsPerSecond);
    for (int user = 0; user < USERS; user++) {
      generator.send(topics.profiles(), "user-" + user, "profile-" + user);
    }
    generator.producer.flush();
    generator.ticker.scheduleAtFixedRate(generator::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
    return generator;
  }

  public void setRate(double recordsPerSecond) {
    this.recordsPerSecond = recordsPerSecond;
  }

  public void setMode(Mode mode) {
    this.mode.set(mode);
  }

  /** Records handed to the producer so far; throws if the producer failed on any. */
  public long sent() {
    if (failure.get() != null) {
      throw new IllegalStateException("the input generator failed to produce", failure.get());
    }
    return sent.get();
  }

  private void tick() {
    Mode now = mode.get();
    owed += recordsPerSecond * burstFactor(now, ticks++) * TICK_MILLIS / 1000.0;
    while (owed >= 1) {
      owed--;
      long n = sent.incrementAndGet();
      if (now != Mode.MEMORY_GROWTH) {
        send(topics.events(), "user-" + n % USERS, "click-" + n);
      } else {
        send(topics.profiles(), "growth-" + n, randomText(LARGE_VALUE_BYTES));
        // An event for a random earlier key: its lookups read flushed SST blocks into the cache.
        send(
            topics.events(), "growth-" + ThreadLocalRandom.current().nextLong(n + 1), "click-" + n);
      }
    }
  }

  /** How many times the rate the tick sends: 1, or 0 and then more in bursts. */
  private static double burstFactor(Mode mode, long tick) {
    if (mode != Mode.BURSTY) {
      return 1;
    }
    long period = BURST_PERIOD.toMillis() / TICK_MILLIS;
    long quiet = BURST_QUIET.toMillis() / TICK_MILLIS;
    return tick % period < quiet ? 0 : (double) period / (period - quiet);
  }

  private void send(String topic, String key, String value) {
    producer.send(
        new ProducerRecord<>(topic, key, value),
        (metadata, e) -> {
          if (e != null) {
            failure.compareAndSet(null, e);
          }
        });
  }

  /** Letters at random: RocksDB cannot compress them away. */
  private static String randomText(int length) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] text = new char[length];
    for (int i = 0; i < length; i++) {
      text[i] = (char) ('a' + random.nextInt(26));
    }
    return new String(text);
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    try {
      ticker.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close();
  }
}
