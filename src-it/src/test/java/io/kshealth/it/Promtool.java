package io.kshealth.it;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Collectors;

/** Prometheus' own parsers, through promtool (Debian package prometheus). */
final class Promtool {

  private Promtool() {}

  /** {@code promtool check metrics}: parses the Prometheus text format 0.0.4 and lints it. */
  static Exec.Result checkMetrics(String text) throws IOException, InterruptedException {
    return Exec.run(
        new ProcessBuilder(Tools.host("promtool", "prometheus"), "check", "metrics"),
        text.getBytes(UTF_8));
  }

  /**
   * Parses OpenMetrics text with promtool's OpenMetrics parser. {@code check metrics} reads only
   * the 0.0.4 text format (prometheus/prometheus#8932), which rejects what OpenMetrics allows, such
   * as {@code \"} in HELP. The parser promtool has for OpenMetrics is the backfill one, {@code tsdb
   * create-blocks-from openmetrics}: strict about syntax and the final {@code # EOF}, it also wants
   * a timestamp on every sample, so one is added to each sample line here.
   */
  static Exec.Result checkOpenMetrics(String text, Path scratch)
      throws IOException, InterruptedException {
    String timestamp = " " + Instant.now().getEpochSecond();
    String stamped =
        text.lines()
            .map(line -> line.isEmpty() || line.startsWith("#") ? line : stamp(line, timestamp))
            .collect(Collectors.joining("\n", "", "\n"));
    Path input = Files.writeString(Files.createTempFile(scratch, "openmetrics-", ".txt"), stamped);
    Path blocks = Files.createTempDirectory(scratch, "blocks-");
    return Exec.run(
        new ProcessBuilder(
            Tools.host("promtool", "prometheus"),
            "tsdb",
            "create-blocks-from",
            "openmetrics",
            input.toString(),
            blocks.toString()));
  }

  /** The timestamp goes after the value, before an exemplar if there is one. */
  private static String stamp(String sample, String timestamp) {
    int exemplar = sample.indexOf(" # {");
    return exemplar < 0
        ? sample + timestamp
        : sample.substring(0, exemplar) + timestamp + sample.substring(exemplar);
  }
}
