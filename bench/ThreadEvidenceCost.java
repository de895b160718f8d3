import io.kshealth.api.Collector;
import io.kshealth.api.Evidence;
import io.kshealth.api.EvidenceRequest;
import io.kshealth.api.EvidenceSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one capture of thread evidence costs the watched app and the agent: the real {@code
 * streams} collector, built from YAML as the agent builds it, captures every stream thread of the
 * target again and again, timed and counted as bench/StreamsCollection.java times a collection.
 * Run by bench/thread-evidence.sh with StreamsCollection and CountingJmxConnector beside it.
 *
 * <p>Usage: {@code ThreadEvidenceCost JMX_URL TARGET_PID CAPTURES CLK_TCK}.
 */
public class ThreadEvidenceCost {

  static final int WARMUP_CAPTURES = 20;

  public static void main(String[] args) throws Exception {
    String url = args[0];
    StreamsCollection bench =
        new StreamsCollection(Long.parseLong(args[1]), Long.parseLong(args[3]));
    int captures = Integer.parseInt(args[2]);
    EvidenceRequest request =
        new EvidenceRequest("bench", Map.of(), Set.of(Evidence.THREADS), Duration.ofSeconds(3));
    try (Collector collector = StreamsCollection.streamsCollector(url)) {
      StreamsCollection.collect(collector); // A capture uses the connection a run opened.
      EvidenceSource source = (EvidenceSource) collector;
      Evidence last = source.capture(request).get(0);
      System.out.println("stuck_thread: " + last.annotations().get("stuck_thread"));
      System.out.println("stuck_frames: " + last.annotations().get("stuck_frames"));
      StreamsCollection.Result r =
          bench.measure(
              "threads capture",
              WARMUP_CAPTURES,
              captures,
              () -> {
                List<Evidence> e = source.capture(request);
                if (e.isEmpty()) {
                  throw new IllegalStateException("no stream thread captured");
                }
                return e.get(0).detail().length();
              });
      System.out.printf(
          "%-16s %5s %8s %8s %10s %10s %10s %7s %12s%n",
          "per capture",
          "runs",
          "p50 ms",
          "p99 ms",
          "agent CPU",
          "target raw",
          "target net",
          "calls",
          "detail chars");
      System.out.printf(
          "%-16s %5d %8.2f %8.2f %10.2f %10.2f %10.2f %7.0f %12.0f%n",
          r.variant(),
          r.runs(),
          r.p50(),
          r.p99(),
          r.agentCpu(),
          r.targetRaw(),
          r.targetNet(),
          r.calls(),
          r.values());
      System.out.printf("target idle: %.1f ms CPU per s%n", r.idleMsPerSecond());
    }
  }
}
