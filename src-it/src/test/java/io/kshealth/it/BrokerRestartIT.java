package io.kshealth.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.demo.app.SampleTopics;
import io.kshealth.demo.broker.KafkaBroker;
import io.kshealth.demo.driver.Clients;
import io.kshealth.demo.driver.InputGenerator;
import io.kshealth.demo.driver.SampleApp;
import io.kshealth.demo.driver.SampleAppOptions;
import io.kshealth.it.testbed.GroupOffsets;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broker faults: a test can take the broker down and bring it back on the same port with its data,
 * and a Streams app rides through. Runs its own broker so the shared one stays up.
 */
class BrokerRestartIT {

  @Test
  void aStoppedBrokerRefusesConnectionsAndComesBackOnItsPortWithItsData(@TempDir Path dir)
      throws Exception {
    try (KafkaBroker broker = KafkaBroker.embedded(dir.resolve("broker"))) {
      String bootstrap = broker.bootstrapServers();
      SampleAppOptions options =
          SampleAppOptions.defaults(bootstrap, "it-broker-restart", dir.resolve("app"));
      try (Admin admin = Clients.admin(bootstrap)) {
        Clients.createTopics(admin, options.topics());
      }
      try (InputGenerator input = InputGenerator.start(bootstrap, options.topics(), 50);
          SampleApp app = SampleApp.start(options)) {
        app.awaitRunning();
        long before;
        try (Admin admin = Clients.admin(bootstrap)) {
          await().atMost(Duration.ofSeconds(60)).until(() -> offsets(admin).totalCommitted() > 0);
          before = offsets(admin).end().values().stream().mapToLong(Long::longValue).sum();
        }

        broker.stop();
        assertThrows(ConnectException.class, () -> connect(bootstrap));

        broker.start();
        connect(bootstrap);
        try (Admin admin = Clients.admin(bootstrap)) {
          assertTrue(admin.listTopics().names().get().containsAll(options.topics().all()));
          // The app comes back by itself and processes past everything written before the stop.
          await()
              .atMost(Duration.ofMinutes(2))
              .until(() -> offsets(admin).totalCommitted() > before);
        }
        assertTrue(input.sent() > 0);
        assertEquals(bootstrap, broker.bootstrapServers());
      }
    }
  }

  private static GroupOffsets offsets(Admin admin) throws Exception {
    return GroupOffsets.read(
        admin,
        "it-broker-restart",
        SampleTopics.of("it-broker-restart").events(),
        SampleTopics.PARTITIONS);
  }

  private static void connect(String bootstrap) throws Exception {
    int colon = bootstrap.lastIndexOf(':');
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(
              bootstrap.substring(0, colon), Integer.parseInt(bootstrap.substring(colon + 1))),
          5000);
    }
  }
}
