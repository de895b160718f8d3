package io.kshealth.dist.docs;

import io.kshealth.alerts.AlertingExtension;
import io.kshealth.collectors.BuiltInCollectors;
import io.kshealth.core.agent.Agent;
import io.kshealth.core.collect.CollectorFactories;
import io.kshealth.core.config.AgentConfig;
import io.kshealth.core.config.ConfigLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
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
                CollectorFactories.withPlugins(BuiltInCollectors.all()),
                List.of(new AlertingExtension()),
                Map.<String, String>of()::get)
            .load(config);
    try (Agent agent = Agent.start(loaded, Clock.systemUTC())) {
      HttpClient client = HttpClient.newHttpClient();
      URI metrics = URI.create("http://127.0.0.1:" + agent.httpPort() + "/metrics");
      Set<String> families = new TreeSet<>();
      // The second scrape shows the HTTP server's metrics of the first.
      for (int i = 0; i < 2; i++) {
        String body =
            client
                .send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher m = TYPE.matcher(body);
        while (m.find()) {
          families.add(m.group(1));
        }
      }
      return families;
    }
  }
}
