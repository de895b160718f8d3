package io.kshealth.demo.driver;

import io.kshealth.demo.app.ControlRecord;
import io.kshealth.demo.app.Fault;
import io.kshealth.demo.app.SampleTopics;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Sends the control-record faults to a running {@link SampleApp}. */
public final class FaultInjector implements AutoCloseable {

  private final KafkaProducer<String, String> producer;

  public FaultInjector(String bootstrapServers) {
    this.producer = Clients.stringProducer(bootstrapServers);
  }

  /**
   * Sends {@code fault} to {@code app}'s current run and waits until the broker has it. A stall
   * goes to every partition, so that every stream thread blocks; the others go to partition 0, so
   * exactly one thread meets them first.
   */
  public void inject(SampleApp app, Fault fault) throws InterruptedException, ExecutionException {
    inject(app, fault, SampleTopics.PARTITIONS);
  }

  /** {@link #inject(SampleApp, Fault)} for an app whose topics have {@code partitions}. */
  public void inject(SampleApp app, Fault fault, int partitions)
      throws InterruptedException, ExecutionException {
    ControlRecord record = new ControlRecord(fault, app.runId());
    int targets = fault == Fault.STALL ? partitions : 1;
    for (int partition = 0; partition < targets; partition++) {
      producer
          .send(
              new ProducerRecord<>(
                  app.topics().events(), partition, ControlRecord.KEY, record.value()))
          .get();
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
