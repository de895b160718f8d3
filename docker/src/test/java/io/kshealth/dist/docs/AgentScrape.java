package io.kshealth.dist.docs;

import io.kshealth.core.agent.Agent;
import io.kshealth.core.config.AgentConfig;
import io.kshealth.core.config.ConfigLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric families a real agent serves on {@code /metrics}: started in this JVM with the
 * built-in collectors and alerting, the way {@code Main} wires them, on a config of the collectors
 * that need nothing outside this host. What it adds to the declared {@code Metric} constants is
 * what the agent registers on its Prometheus registry directly: its own JVM and process ({@code
 * jvm_*}, {@code process_*}, {@code system_*}, from Micrometer) and its HTTP server's metrics.
 */
final class AgentScrape {

  private static final Pattern TYPE = Pattern.compile("(?m)^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) ");

  private static final int MAX_SCRAPES = 100;

  private AgentScrape() {}

  static Set<String> families(Path dir) throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("kshealth.yaml"),
            """
            http:
              listen: 127.0.0.1:0
            collectors:
              process: {type: process}
              node: {type: node}
              container: {type: container}
              disk: {type: disk, path: %s}
            """
                .formatted(dir.toAbsolutePath()));
    AgentConfig loaded =
        new ConfigLoader(
                BuiltIns.collectors(), BuiltIns.extensions(), Map.<String, String>of()::get)
            .load(config);
    try (Agent agent = Agent.start(loaded, Clock.systemUTC())) {
      HttpClient client = HttpClient.newHttpClient();
      URI metrics = URI.create("http://127.0.0.1:" + agent.httpPort() + "/metrics");
      // The HTTP server counts a request once it is answered, so its metrics show from a later
      // scrape on: scrape until two scrapes in a row add no family.
      Set<String> families = new TreeSet<>();
      int unchanged = 0;
      for (int scrapes = 0; unchanged < 2; scrapes++) {
        if (scrapes == MAX_SCRAPES) {
          throw new AssertionError(
              "/metrics still served new families after " + MAX_SCRAPES + " scrapes: " + families);
        }
        boolean grew = families.addAll(scrape(client, metrics));
        unchanged = grew ? 0 : unchanged + 1;
      }
      return families;
    }
  }

  private static Set<String> scrape(HttpClient client, URI metrics) throws Exception {
    String body =
        client
            .send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString())
            .body();
    Set<String> families = new TreeSet<>();
    Matcher m = TYPE.matcher(body);
    while (m.find()) {
      families.add(m.group(1));
    }
    return families;
  }
}
