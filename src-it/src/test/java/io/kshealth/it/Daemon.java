package io.kshealth.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/** A running {@code kshealth run}, reached over HTTP on the loopback interface. */
final class Daemon implements AutoCloseable {

  /** Hang guards only: the agent is ready within a second or two and stops in milliseconds. */
  static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final Process process;
  private final int port;
  private final Path log;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(REQUEST_TIMEOUT)
          .build();

  Daemon(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** The loopback port it listens on. */
  int port() {
    return port;
  }

  /** The process started: bin/kshealth execs the JVM, so this is the agent's own PID. */
  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Everything the agent logged so far (stderr, and stdout). */
  String log() throws IOException {
    return Files.readString(log);
  }

  /** GET {@code path}; {@code headers} are name, value pairs. */
  HttpResponse<byte[]> get(String path, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(REQUEST_TIMEOUT)
            .GET();
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** POST {@code path} with an empty body. */
  HttpResponse<String> post(String path) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(REQUEST_TIMEOUT)
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Waits for /readyz to answer 200 with no first run pending; fails early, with the log, if the
   * agent exits. /readyz answers 200 a second after the process started whatever the first runs do
   * (docs/probes.md); the tests read next what those runs made, so they wait for them too.
   */
  void awaitReady() throws IOException {
    try {
      await().atMost(READY_TIMEOUT).until(() -> readyz().equals("200 ready"));
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("/readyz never answered 200 ready; log:\n" + log(), e);
    }
  }

  /** The status and body of /readyz, such as "503 not ready: …" or "200 ready". */
  private String readyz() throws IOException, InterruptedException {
    if (!process.isAlive()) {
      throw new AssertionError(
          "kshealth exited with code " + process.exitValue() + " before ready; log:\n" + log());
    }
    try {
      HttpResponse<byte[]> r = get("/readyz");
      return r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8).strip();
    } catch (IOException notListeningYet) {
      return "";
    }
  }

  /** Sends SIGTERM and returns the exit code. */
  int stop() throws IOException, InterruptedException {
    process.destroy();
    if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("kshealth still runs " + STOP_TIMEOUT + " after SIGTERM:\n" + log());
    }
    return process.exitValue();
  }

  /**
   * Sends SIGTERM and asserts a clean stop: exit code 0, or 143 (128 + SIGTERM) which is what the
   * JVM returns after running its shutdown hooks on SIGTERM.
   */
  void stopCleanly() throws IOException, InterruptedException {
    int exitCode = stop();
    if (exitCode != 0 && exitCode != 143) {
      throw new AssertionError("exit code " + exitCode + " after SIGTERM; log:\n" + log());
    }
  }

  /** Stops the agent as {@link #stopCleanly} does, and kills it if that fails. */
  void closeCleanly() throws IOException {
    try {
      stopCleanly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping the agent", e);
    } finally {
      close();
    }
  }

  /** Kills what a test left running, and waits until it is gone. */
  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
