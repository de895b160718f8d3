package io.kshealth.demo.driver;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The agent's real distribution ({@code bin/kshealth run}) started as a child process. */
public final class AgentProcess implements AutoCloseable {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  private final ChildProcess process;
  private final String baseUrl;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();

  private AgentProcess(ChildProcess process, String baseUrl) {
    this.process = process;
    this.baseUrl = baseUrl;
  }

  /**
   * Runs {@code home/bin/kshealth run --config CONFIG} listening on loopback {@code port}, with
   * {@code env} added to the environment (for the config's {@code ${VAR}}s).
   */
  public static AgentProcess start(
      Path home, Path config, int port, Map<String, String> env, Path log) throws IOException {
    ProcessBuilder command =
        new ProcessBuilder(
            List.of(home.resolve("bin/kshealth").toString(), "run", "--config", config.toString()));
    command.environment().put("JAVA_HOME", System.getProperty("java.home"));
    command.environment().put("KSHEALTH_LISTEN", "127.0.0.1:" + port);
    command.environment().putAll(env);
    return new AgentProcess(
        ChildProcess.start("kshealth agent", command, log), "http://127.0.0.1:" + port);
  }

  /**
   * The unpacked distribution the build made beside this module: {@code
   * docker/target/kshealth-VERSION-bin/kshealth-VERSION}, found from where this class was loaded.
   */
  public static Path locateDistribution() throws IOException {
    Path repo = moduleTarget().getParent().getParent();
    Path target = repo.resolve("docker/target");
    if (Files.isDirectory(target)) {
      try (DirectoryStream<Path> dists = Files.newDirectoryStream(target, "kshealth-*-bin")) {
        for (Path dist : dists) {
          try (DirectoryStream<Path> homes = Files.newDirectoryStream(dist, "kshealth-*")) {
            for (Path home : homes) {
              if (Files.isExecutable(home.resolve("bin/kshealth"))) {
                return home;
              }
            }
          }
        }
      }
    }
    throw new IOException(
        "no agent distribution under "
            + target
            + "; build it first: ./mvnw -B -q package -DskipTests (or pass --kshealth-home)");
  }

  /** demo/target: where this module's jar or classes are. */
  private static Path moduleTarget() {
    try {
      Path source =
          Path.of(AgentProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return source.getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the demo module", e);
    }
  }

  public String baseUrl() {
    return baseUrl;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return process.log();
  }

  /** The HTTP status of {@code GET path}, or -1 while the agent does not answer. */
  public int status(String path) throws InterruptedException {
    try {
      return http.send(request(path), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException notListening) {
      return -1;
    }
  }

  /** An HTTP answer: its status (-1 while the agent does not answer) and its body, stripped. */
  public record Answer(int status, String body) {}

  /** {@code GET path}: its status and body. */
  public Answer get(String path) throws InterruptedException {
    try {
      HttpResponse<String> r = http.send(request(path), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body().strip());
    } catch (IOException notListening) {
      return new Answer(-1, "");
    }
  }

  /** The agent's samples now, from {@code /metrics}; empty while it does not answer. */
  public List<Series> metrics() throws InterruptedException {
    try {
      return Series.parse(
          http.send(request("/metrics"), HttpResponse.BodyHandlers.ofString()).body());
    } catch (IOException notListening) {
      return List.of();
    }
  }

  /** The agent's pending, firing and recently resolved alerts; empty while it does not answer. */
  public List<AgentAlert> alerts() throws InterruptedException {
    try {
      HttpResponse<String> response =
          http.send(request("/api/v1/alerts"), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? AgentAlert.parse(response.body()) : List.of();
    } catch (IOException notListening) {
      return List.of();
    }
  }

  private HttpRequest request(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(REQUEST_TIMEOUT).build();
  }

  @Override
  public void close() {
    process.close();
  }
}
