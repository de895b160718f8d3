package io.kshealth.demo.driver;

import io.kshealth.demo.app.ControlRecord;
import io.kshealth.demo.app.Fault;
import io.kshealth.demo.app.SampleTopics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

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
   *
   * @return where each control record landed: the records the app stops at
   */
  public List<RecordMetadata> inject(SampleApp app, Fault fault)
      throws InterruptedException, ExecutionException {
    return inject(app, fault, SampleTopics.PARTITIONS);
  }

  /** {@link #inject(SampleApp, Fault)} for an app whose topics have {@code partitions}. */
  public List<RecordMetadata> inject(SampleApp app, Fault fault, int partitions)
      throws InterruptedException, ExecutionException {
    ControlRecord record = new ControlRecord(fault, app.runId());
    int targets = fault == Fault.STALL ? partitions : 1;
    List<RecordMetadata> sent = new ArrayList<>();
    for (int partition = 0; partition < targets; partition++) {
      sent.add(
          producer
              .send(
                  new ProducerRecord<>(
                      app.topics().events(), partition, ControlRecord.KEY, record.value()))
              .get());
    }
    return sent;
  }

  @Override
  public void close() {
    producer.close();
  }
}
