import io.kshealth.api.Collector;
import io.kshealth.api.CollectorContext;
import io.kshealth.api.CollectorFactory;
import io.kshealth.api.Evidence;
import io.kshealth.api.EvidenceRequest;
import io.kshealth.api.EvidenceSource;
import io.kshealth.api.Snapshot;
import io.kshealth.collectors.BuiltInCollectors;
import io.kshealth.core.collect.CollectorFactories;
import io.kshealth.core.config.CollectorConfig;
import io.kshealth.core.config.ConfigLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * StoppedAtEvidenceIT's child JVM, run from source against the distribution's lib/ (as the bench
 * scripts are), so the agent's classes stay out of the tests' JVM: creates every collector of the
 * config given with the data dir given, runs each as its scheduler would (every 200 ms) until it has
 * read the group three times (a busy broker may make the first runs fail), then asks it for the
 * stopped-at
 * evidence of an alert about the group given, and prints one line per collector and capture:
 * {@code <collector> <label> ANNOTATION <text>} and {@code <collector> <label> DETAIL <json>}.
 *
 * <p>Usage: {@code java -cp 'lib/*' Capture.java CONFIG DATA_DIR GROUP}
 */
public class Capture {
  public static void main(String[] args) throws Exception {
    CollectorFactories factories =
        CollectorFactories.of(BuiltInCollectors.all().toArray(CollectorFactory[]::new));
    Path dataDir = Path.of(args[1]);
    String group = args[2];
    for (CollectorConfig config :
        new ConfigLoader(factories, System::getenv).load(Path.of(args[0])).collectors()) {
      try (Collector collector =
          config
              .settings()
              .create(new CollectorContext(config.name(), Clock.systemUTC(), Optional.of(dataDir)))) {
        int read = 0;
        for (int run = 0; run < 150 && read < 3; run++) {
          if (run > 0) {
            Thread.sleep(200); // the collector's interval, as the scheduler keeps it
          }
          try {
            collector.collect(new Snapshot.Builder(config.name(), System.currentTimeMillis()));
          } catch (Exception e) {
            continue; // a failed run, as the scheduler would count it
          }
          if (collector.target().orElse("").contains(" partitions")) {
            read++;
          }
        }
        System.out.println(config.name() + " status " + collector.target().orElse("-"));
        for (String label : new String[] {"group", "application_id"}) {
          EvidenceRequest request =
              new EvidenceRequest(
                  "KafkaStreamsLagStopped",
                  Map.of(label, group),
                  Set.of(Evidence.STOPPED_AT),
                  Duration.ofSeconds(5));
          for (Evidence e : ((EvidenceSource) collector).capture(request)) {
            System.out.println(
                config.name() + " " + label + " ANNOTATION " + e.annotations().get("stopped_at"));
            System.out.println(config.name() + " " + label + " DETAIL " + e.detail());
          }
        }
      }
    }
  }
}
