package io.kshealth.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.demo.driver.InputGenerator;
import io.kshealth.demo.driver.SampleApp;
import io.kshealth.demo.driver.SampleAppOptions;
import io.kshealth.it.testbed.Jmx;
import io.kshealth.it.testbed.TestBed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The eos switch: the app commits through transactions, one transactional producer per thread. */
class ExactlyOnceIT {

  static final String PRODUCERS = "kafka.producer:type=producer-metrics,client-id=*";

  @Test
  void exactlyOnceCommitsAreTransactions(@TempDir Path dir) throws Exception {
    SampleAppOptions options = TestBed.newApp("eos", dir).withEos(true);
    try (InputGenerator input =
            InputGenerator.start(TestBed.bootstrapServers(), options.topics(), 100);
        SampleApp app = SampleApp.start(options);
        Admin admin = TestBed.admin();
        Jmx jmx = Jmx.connect(app.awaitRunning().jmxUrl())) {
      double commitTime = jmx.sum(PRODUCERS, "txn-commit-time-ns-total");
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> jmx.sum(PRODUCERS, "txn-commit-time-ns-total") > commitTime);

      List<TransactionListing> transactions =
          admin.listTransactions().all().get().stream()
              .filter(t -> t.transactionalId().startsWith(app.applicationId()))
              .toList();
      assertTrue(transactions.size() >= 2, "one transactional id per thread: " + transactions);
      assertTrue(
          transactions.stream()
              .allMatch(
                  t ->
                      t.state() == TransactionState.ONGOING
                          || t.state() == TransactionState.PREPARE_COMMIT
                          || t.state() == TransactionState.COMPLETE_COMMIT
                          || t.state() == TransactionState.EMPTY),
          "no aborted transactions: " + transactions);
      assertTrue(input.sent() > 0);
    }
  }
}
