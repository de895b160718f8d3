package io.kshealth.it;

import static org.awaitility.Awaitility.await;

import io.kshealth.demo.driver.Series;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One collector's runs as a running agent's {@code /metrics} shows them, told apart by {@code
 * kshealth_collector_snapshot_timestamp_seconds} (the start of the run whose samples a scrape
 * shows). Scraping every 100 ms, far more often than the collector runs, sees every run; latency is
 * then counted in runs, from the times they started.
 */
final class CollectorRuns {

  /** One run: when it started (epoch ms) and the samples of the scrape that showed it. */
  record Run(long startedMillis, List<Series> series) {

    /** The value of the one sample of {@code name} with {@code labels}; empty when absent. */
    Optional<Double> value(String name, Map<String, String> labels) {
      List<Series> found =
          series.stream().filter(s -> s.name().equals(name) && s.has(labels)).toList();
      if (found.size() > 1) {
        throw new AssertionError(found.size() + " samples of " + name + labels + ": " + found);
      }
      return found.stream().map(Series::value).findFirst();
    }

    double get(String name, Map<String, String> labels) {
      return value(name, labels)
          .orElseThrow(
              () -> new AssertionError("run at " + startedMillis + " has no " + name + labels));
    }

    double sum(String name, Map<String, String> labels) {
      return Series.sum(series, name, labels);
    }
  }

  private static final Duration POLL = Duration.ofMillis(100);

  private final Daemon agent;
  private final String collector;
  private final List<Run> runs = new ArrayList<>();

  CollectorRuns(Daemon agent, String collector) {
    this.agent = agent;
    this.collector = collector;
  }

  /** Every run seen so far, oldest first. */
  List<Run> seen() {
    return List.copyOf(runs);
  }

  /** The first run that started at or after {@code epochMillis}. */
  Run firstStartedAfter(long epochMillis, Duration timeout) {
    return await("a run started after " + epochMillis)
        .atMost(timeout)
        .pollInterval(POLL)
        .until(() -> scrape().filter(r -> r.startedMillis() >= epochMillis), Optional::isPresent)
        .get();
  }

  /** Runs as they come, until one matches; returns it. */
  Run until(Predicate<Run> condition, Duration timeout) {
    return await()
        .atMost(timeout)
        .pollInterval(POLL)
        .until(() -> scrape().filter(condition), Optional::isPresent)
        .get();
  }

  /** The next {@code n} runs after the latest seen. */
  List<Run> next(int n, Duration timeout) {
    int from = runs.size();
    await(n + " more runs")
        .atMost(timeout)
        .pollInterval(POLL)
        .until(
            () -> {
              scrape();
              return runs.size() >= from + n;
            });
    return List.copyOf(runs.subList(from, from + n));
  }

  /**
   * Scrapes once; returns the run shown when it is one not seen before. For a test that watches
   * several agents at once and must see every run of each.
   */
  Optional<Run> scrape() throws Exception {
    List<Series> series = Series.parse(new String(agent.get("/metrics").body()));
    Optional<Series> stamp =
        series.stream()
            .filter(
                s ->
                    s.name().equals("kshealth_collector_snapshot_timestamp_seconds")
                        && collector.equals(s.labels().get("collector")))
            .findFirst();
    if (stamp.isEmpty()) {
      return Optional.empty();
    }
    long started = Math.round(stamp.get().value() * 1000);
    if (!runs.isEmpty() && runs.get(runs.size() - 1).startedMillis() == started) {
      return Optional.empty();
    }
    Run run = new Run(started, series);
    runs.add(run);
    return Optional.of(run);
  }
}
