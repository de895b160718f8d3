package io.kshealth.demo.app;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Makes a restore take as long as a production one: it waits after every restored batch, as a slow
 * disk or a throttled network would make the restoring thread wait. A million changelog records
 * restore in about a second on a test machine, too fast to watch over several collection intervals;
 * an hour-long production restore is volume, which a test cannot afford.
 */
final class SlowRestore implements StateRestoreListener {

  private final Duration perBatch;
  private final CountDownLatch closing;

  SlowRestore(Duration perBatch, CountDownLatch closing) {
    this.perBatch = perBatch;
    this.closing = closing;
  }

  @Override
  public void onRestoreStart(
      TopicPartition partition, String store, long startingOffset, long endingOffset) {}

  @Override
  public void onBatchRestored(
      TopicPartition partition, String store, long batchEndOffset, long numRestored) {
    try {
      // Returns at once when the app is closing, so a restoring app still stops quickly.
      closing.await(perBatch.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {}
}
