package io.kshealth.demo.app;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The first step of the topology: forwards ordinary events and acts on control records addressed to
 * this run. Blocking faults wait on {@code closing}, so a stalled or slow app still shuts down
 * cleanly when it is stopped.
 */
final class FaultSwitch implements FixedKeyProcessor<String, String, String> {

  /** Thrown by the poison record; with the default handler the client goes to ERROR. */
  static final class PoisonRecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PoisonRecordException(String message) {
      super(message);
    }
  }

  private final String runId;
  private final Duration slowRecord;
  private final Duration slowConsumer;
  private final AtomicBoolean slowConsumerOn;
  private final CountDownLatch closing;
  private final AppEvents events;
  private FixedKeyProcessorContext<String, String> context;

  /**
   * @param slowConsumer what every event takes once {@code slowConsumerOn}
   * @param slowConsumerOn shared by the switches of every task: the control record reaches one
   *     task, and the whole app slows down
   */
  FaultSwitch(
      String runId,
      Duration slowRecord,
      Duration slowConsumer,
      AtomicBoolean slowConsumerOn,
      CountDownLatch closing,
      AppEvents events) {
    this.runId = runId;
    this.slowRecord = slowRecord;
    this.slowConsumer = slowConsumer;
    this.slowConsumerOn = slowConsumerOn;
    this.closing = closing;
    this.events = events;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, String> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, String> record) {
    Optional<ControlRecord> control = ControlRecord.parse(record.key(), record.value());
    if (control.isEmpty()) {
      if (slowConsumerOn.get()) {
        await(slowConsumer);
      }
      context.forward(record);
      return;
    }
    if (!control.get().runId().equals(runId)) {
      events.ignored(control.get());
      return;
    }
    Fault fault = control.get().fault();
    RecordMetadata where = context.recordMetadata().orElseThrow();
    events.fault(fault, where.partition(), where.offset());
    switch (fault) {
      case THREAD_DEATH ->
          throw new PoisonRecordException(
              "poison record at " + where.topic() + "-" + where.partition() + "@" + where.offset());
      case SLOW_RECORD -> await(slowRecord);
      case STALL -> await(null);
      case SLOW_CONSUMER -> slowConsumerOn.set(true);
      default -> throw new IllegalStateException(fault.id() + " is not a control record");
    }
  }

  /** Blocks for {@code duration} (null: until the app closes), or until the app closes. */
  private void await(Duration duration) {
    try {
      if (duration == null) {
        closing.await();
      } else {
        closing.await(duration.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
