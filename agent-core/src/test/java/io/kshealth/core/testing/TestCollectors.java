package io.kshealth.core.testing;

import io.kshealth.api.Collector;
import io.kshealth.api.CollectorFactory;
import io.kshealth.api.CollectorSettings;
import io.kshealth.api.ConfigSection;
import io.kshealth.api.HeapBound;
import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.core.config.CollectorConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** Collectors with known behaviour, for scheduler, HTTP and CLI tests. */
public final class TestCollectors {

  public static final Metric VALUE = Metric.gauge("kshealth_test_value", "A test value.");
  public static final Metric EVENTS = Metric.counter("kshealth_test_events_total", "Test events.");

  private TestCollectors() {}

  /** Reports its run count as {@link #VALUE}. */
  public static final class Counting implements Collector {
    public final AtomicInteger runs = new AtomicInteger();

    @Override
    public void collect(io.kshealth.api.Snapshot.Builder out) {
      int n = runs.incrementAndGet();
      out.add(VALUE, Labels.of("run", "latest"), n);
      out.add(EVENTS, Labels.EMPTY, n);
    }
  }

  /** Always throws. */
  public static final class Throwing implements Collector {
    public final AtomicInteger runs = new AtomicInteger();

    @Override
    public void collect(io.kshealth.api.Snapshot.Builder out) {
      runs.incrementAndGet();
      throw new IllegalStateException("broken on purpose");
    }
  }

  /**
   * Hangs and ignores interrupts, as a JMX call to a frozen JVM does, until the test releases it.
   */
  public static final class Hanging implements Collector {
    public final AtomicInteger started = new AtomicInteger();
    public final CountDownLatch release = new CountDownLatch(1);

    @Override
    public void collect(io.kshealth.api.Snapshot.Builder out) {
      started.incrementAndGet();
      boolean released = false;
      while (!released) {
        try {
          release.await();
          released = true;
        } catch (InterruptedException ignored) {
          // A frozen JVM's RMI call does not answer interrupts either.
        }
      }
    }
  }

  /** A config entry running the given collector instance. */
  public static CollectorConfig config(
      String name, Collector collector, Duration interval, Duration timeout) {
    return new CollectorConfig(name, "test", interval, timeout, true, context -> collector);
  }

  /**
   * {@code type: test} for config and CLI tests: {@code behaviour: count | throw}, {@code label:
   * <text>}, {@code max-things: N} for a bound on its heap of {@link Factory#BYTES_PER_THING} each.
   */
  public static final class Factory implements CollectorFactory {
    enum Behaviour {
      COUNT,
      THROW
    }

    public static final long BYTES_PER_THING = 1 << 20;

    record Settings(Behaviour behaviour, String label, int maxThings) implements CollectorSettings {
      @Override
      public Collector create(io.kshealth.api.CollectorContext context) {
        return behaviour == Behaviour.THROW ? new Throwing() : new Counting();
      }

      @Override
      public List<HeapBound> heapBounds() {
        return maxThings == 0
            ? List.of()
            : List.of(new HeapBound("max-things", "things", maxThings, BYTES_PER_THING));
      }
    }

    @Override
    public String type() {
      return "test";
    }

    @Override
    public CollectorSettings parse(ConfigSection options) {
      return new Settings(
          options.choice("behaviour", Behaviour.COUNT),
          options.string("label", ""),
          options.integer("max-things", 0, 0, 1_000_000));
    }
  }
}
