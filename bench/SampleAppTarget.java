import io.kshealth.demo.app.SampleTopics;
import io.kshealth.demo.broker.KafkaBroker;
import io.kshealth.demo.driver.Clients;
import io.kshealth.demo.driver.InputGenerator;
import io.kshealth.demo.driver.SampleApp;
import io.kshealth.demo.driver.SampleAppOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.apache.kafka.clients.admin.Admin;

/**
 * The real sample Streams app as a target for bench/streams-collection.sh: the embedded broker and
 * the input generator in this JVM, the app in its own JVM with remote JMX. Run with the demo jar
 * (demo/target/kshealth-demo.jar) on the class path.
 *
 * <p>Usage: {@code SampleAppTarget WORK_DIR RECORDS_PER_SECOND}. Once the app is RUNNING with every
 * store open, prints {@code pid=N url=U bootstrap=B state-dir=D application-id=A}, then waits. Stops app, input and broker on SIGTERM, and
 * when the process that started it exits.
 */
public class SampleAppTarget {

  /** The sample app's RocksDB stores per task: profiles, event-counts, event-bytes-per-minute. */
  static final int STORES_PER_TASK = 3;

  static final Duration STORES_TIMEOUT = Duration.ofSeconds(60);

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    double rate = Double.parseDouble(args[1]);
    KafkaBroker broker = KafkaBroker.start(work.resolve("broker"));
    String bootstrap = broker.bootstrapServers();
    SampleAppOptions options =
        SampleAppOptions.defaults(bootstrap, "bench-app", work.resolve("app"));
    try (Admin admin = Clients.admin(bootstrap)) {
      Clients.createTopics(admin, options.topics());
    }
    InputGenerator input = InputGenerator.start(bootstrap, options.topics(), rate);
    SampleApp app = SampleApp.start(options);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  app.close();
                  input.close();
                  try {
                    broker.close();
                  } catch (Exception e) {
                    System.err.println("stopping the broker: " + e);
                  }
                }));
    ProcessHandle.current()
        .parent()
        .ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));

    app.awaitRunning();
    awaitStores(app.jmxUrl(), SampleTopics.PARTITIONS * STORES_PER_TASK);
    // One write: printf writes each piece on its own through stdout's 128-byte buffer, and
    // bench/lib.sh once read the line half written.
    System.out.print(
        String.format(
            "pid=%d url=%s bootstrap=%s state-dir=%s application-id=%s%n",
            app.pid(), app.jmxUrl(), bootstrap, options.stateDir(), options.applicationId()));
    System.out.flush();
    Thread.currentThread().join();
  }

  /** RUNNING is not enough: a store's MBean appears when its task has initialised it. */
  static void awaitStores(String url, int stores) throws Exception {
    ObjectName pattern = new ObjectName("kafka.streams:type=stream-state-metrics,*");
    long deadline = System.nanoTime() + STORES_TIMEOUT.toNanos();
    try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(url), null)) {
      MBeanServerConnection server = connector.getMBeanServerConnection();
      int open;
      while ((open = server.queryNames(pattern, null).size()) < stores) {
        if (System.nanoTime() > deadline) {
          throw new TimeoutException(
              open + " of " + stores + " store MBeans after " + STORES_TIMEOUT);
        }
        Thread.sleep(200);
      }
    }
  }
}
