package io.kshealth.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.kshealth.demo.app.Fault;
import io.kshealth.demo.driver.FaultInjector;
import io.kshealth.demo.driver.InputGenerator;
import io.kshealth.demo.driver.SampleApp;
import io.kshealth.demo.driver.SampleAppOptions;
import io.kshealth.demo.driver.Series;
import io.kshealth.it.testbed.TestBed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page in a real browser: Debian's headless Chromium loads {@code GET /} from the agent
 * as the demo runs it, watching a sample app, healthy and then stalled. The page must render with
 * no console message (it runs no script, so any message is an error: a blocked resource, a policy
 * violation), show each area's verdict as {@code /api/v1/health} gives it, and draw one sparkline
 * per key series that has data. The stalled page's screenshot is the README's.
 */
class StatusPageIT {

  /** The key series the page draws, each a group of metrics any of which counts (burst credits). */
  private static final List<List<String>> KEY_SERIES =
      List.of(
          List.of("kshealth_lag_max_seconds"),
          List.of("kshealth_lag_total_records"),
          List.of("kshealth_streams_thread_poll_interval_ratio"),
          List.of("kshealth_target_memory_headroom_ratio"),
          List.of("kshealth_rocksdb_client_memory_bytes"),
          List.of("kshealth_ebs_burst_balance_ratio", "kshealth_ebs_burst_balance_estimate_ratio"),
          List.of("kshealth_filesystem_avail_bytes"));

  /**
   * Where the screenshot goes, beside the stalled page's DOM; copied by hand to
   * docs/status-page.png when the page changes.
   */
  private static final Path SCREENSHOT = Path.of("target", "status-page.png");

  private static final Pattern AREA =
      Pattern.compile("data-area=\"(\\w+)\"><h3>\\w+ <span class=\"level\">(\\w+)</span>");

  /** What the agent's other endpoints say the page should show. */
  record Expected(Map<String, String> levels, int sparklines) {}

  @Test
  void theStatusPageShowsTheVerdictAndTrendsInChromium(@TempDir Path dir) throws Exception {
    String chromium = Tools.host("chromium", "chromium");
    SampleAppOptions options = TestBed.newApp("status-page", dir);
    try (InputGenerator input =
            InputGenerator.start(TestBed.bootstrapServers(), options.topics(), 100);
        SampleApp app = SampleApp.start(options);
        RulePackAgent agent = RulePackAgent.start(dir, options, Map.of());
        FaultInjector faults = new FaultInjector(TestBed.bootstrapServers())) {
      app.awaitRunning();
      // Data: the client seen running (by the agent: a client RUNNING for a moment between two
      // rebalances at its start may read REBALANCING at every collection, and ready waits for a
      // RUNNING seen), time lag and disk free in the history.
      await()
          .atMost(RulePackAgent.TIMEOUT)
          .until(
              () ->
                  expected(agent.daemon).levels().get("streams").equals("ok")
                      && expected(agent.daemon).sparklines() >= 2
                      && agent.look().ready() == 200);
      String healthy = browse(chromium, agent.daemon, dir);
      assertTrue(healthy.contains("data-probe=\"ready\">ready <span class=\"level\">200"), healthy);

      faults.inject(app, Fault.STALL);
      agent.awaitFiring("KafkaStreamsLagStalled");
      String stalled = browse(chromium, agent.daemon, dir);
      assertNotEquals("ok", levels(stalled).get("lag"), stalled);
      assertTrue(stalled.contains("<b>KafkaStreamsLagStalled</b>"), stalled);
      Files.writeString(SCREENSHOT.resolveSibling("status-page.html"), stalled);
      screenshot(chromium, agent.daemon, dir);
      assertTrue(input.sent() > 0);
    }
  }

  /**
   * Loads the page in Chromium and checks it against the agent's other endpoints, read just before
   * and just after; when the three reads differ (a verdict changed meanwhile), it tries again.
   *
   * @return the rendered DOM
   */
  private static String browse(String chromium, Daemon daemon, Path dir) throws Exception {
    List<String> tries = new ArrayList<>();
    for (int attempt = 0; attempt < 10; attempt++) {
      Expected before = expected(daemon);
      Exec.Result run = chromium(chromium, dir, "--dump-dom", url(daemon));
      Expected after = expected(daemon);
      assertEquals(0, run.exitCode(), run.describe());
      assertNoConsoleMessages(run);
      String dom = run.stdout();
      // A collection that times out on a busy machine makes an area unknown for a second, which
      // the page may show between two reads that agree: the page is a third read, and any
      // difference among the three is a change, tried again.
      if (!before.equals(after) || !before.levels().equals(levels(dom))) {
        tries.add(before + " then page " + levels(dom) + " then " + after);
        continue;
      }
      assertEquals(before.sparklines(), count(dom, "<svg class=\"spark\""), dom);
      assertEquals(KEY_SERIES.size() - before.sparklines(), count(dom, ">no data</span>"), dom);
      return dom;
    }
    return fail("the agent's verdict changed during every load of the page: " + tries);
  }

  private static void screenshot(String chromium, Daemon daemon, Path dir) throws Exception {
    Files.createDirectories(SCREENSHOT.toAbsolutePath().getParent());
    Exec.Result run =
        chromium(
            chromium,
            dir,
            "--screenshot=" + SCREENSHOT.toAbsolutePath(),
            "--window-size=800,1000",
            "--hide-scrollbars",
            url(daemon));
    assertEquals(0, run.exitCode(), run.describe());
    assertNoConsoleMessages(run);
    assertTrue(Files.size(SCREENSHOT) > 0);
  }

  /**
   * Chromium as root needs {@code --no-sandbox}; it loads only the agent's page. Its own profile in
   * the test's directory, so runs side by side do not share a lock.
   */
  private static Exec.Result chromium(String chromium, Path dir, String... args)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--enable-logging=stderr",
                "--v=0",
                "--user-data-dir=" + dir.resolve("chromium-profile")));
    command.addAll(List.of(args));
    return Exec.run(new ProcessBuilder(command));
  }

  /**
   * Console messages are logged as {@code [...:INFO:CONSOLE:1] "message", source: URL}. The
   * browser's own complaints about the container (no D-Bus, no GPU) are not the page's and pass;
   * any console message, or an error naming the agent's address, fails.
   */
  private static void assertNoConsoleMessages(Exec.Result run) {
    List<String> page =
        run.stderrLines().stream()
            .filter(
                l -> l.contains(":CONSOLE") || (l.contains(":ERROR:") && l.contains("127.0.0.1")))
            .toList();
    assertEquals(List.of(), page, run.describe());
  }

  private static Expected expected(Daemon daemon) throws Exception {
    Map<?, ?> areas =
        Json.object(
            Json.object(Json.parse(new String(daemon.get("/api/v1/health").body(), UTF_8)))
                .get("areas"));
    Map<String, String> levels = new TreeMap<>();
    areas.forEach((area, a) -> levels.put((String) area, (String) Json.object(a).get("status")));
    List<Series> metrics = Series.parse(new String(daemon.get("/metrics").body(), UTF_8));
    int sparklines = 0;
    for (List<String> names : KEY_SERIES) {
      if (metrics.stream().anyMatch(s -> names.contains(s.name()) && Double.isFinite(s.value()))) {
        sparklines++;
      }
    }
    return new Expected(levels, sparklines);
  }

  private static Map<String, String> levels(String dom) {
    Map<String, String> levels = new TreeMap<>();
    Matcher m = AREA.matcher(dom);
    while (m.find()) {
      levels.put(m.group(1), m.group(2));
    }
    return levels;
  }

  private static String url(Daemon daemon) {
    return "http://127.0.0.1:" + daemon.port() + "/";
  }

  private static int count(String text, String part) {
    return (text.length() - text.replace(part, "").length()) / part.length();
  }
}
