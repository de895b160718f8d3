package io.kshealth.it.testbed;

import io.kshealth.demo.broker.KafkaBroker;
import io.kshealth.demo.driver.Clients;
import io.kshealth.demo.driver.Directories;
import io.kshealth.demo.driver.SampleAppOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;

/**
 * The Kafka side every integration test shares: one broker per test JVM, started on first use and
 * stopped when the JVM exits, and a fresh {@code application.id} with its own topics for every app
 * a test starts.
 */
public final class TestBed {

  private static final AtomicInteger APPS = new AtomicInteger();
  private static KafkaBroker broker;

  private TestBed() {}

  /** The shared broker (the embedded one unless {@code -Dkshealth.broker} says otherwise). */
  public static synchronized KafkaBroker broker() {
    if (broker == null) {
      try {
        Path dir = Files.createTempDirectory("kshealth-it-broker-");
        broker = KafkaBroker.start(dir);
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      try {
                        broker.close();
                        Directories.deleteRecursively(dir);
                      } catch (Exception e) {
                        System.err.println("stopping the test broker: " + e);
                      }
                    },
                    "test-broker-shutdown"));
      } catch (Exception e) {
        throw new IllegalStateException("could not start the test broker", e);
      }
    }
    return broker;
  }

  public static String bootstrapServers() {
    return broker().bootstrapServers();
  }

  public static Admin admin() {
    return Clients.admin(bootstrapServers());
  }

  /**
   * Options for a new sample app named after {@code name} with a unique {@code application.id}, its
   * topics created, its state and logs under {@code workDir}.
   */
  public static SampleAppOptions newApp(String name, Path workDir) {
    String applicationId =
        "it-"
            + name.toLowerCase(Locale.ROOT)
            + "-"
            + APPS.incrementAndGet()
            + "-"
            + ProcessHandle.current().pid();
    SampleAppOptions options =
        SampleAppOptions.defaults(bootstrapServers(), applicationId, workDir);
    try (Admin admin = admin()) {
      Clients.createTopics(admin, options.topics());
    } catch (Exception e) {
      throw new IllegalStateException("could not create the topics of " + applicationId, e);
    }
    return options;
  }
}
