package io.kshealth.it;

import static io.kshealth.it.AlertingIT.webhookAlerts;
import static io.kshealth.it.AlertingIT.withinCycles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.demo.driver.Series;
import io.kshealth.it.AlertingIT.StateDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent in front of Alertmanager in cluster mode, as operators run it for high availability:
 * two replicas of Debian's Alertmanager gossiping, the agent's {@code alertmanager} notifier
 * sending every alert to both, and one webhook receiver (the pager) behind both. The alerts are
 * {@link AlertingIT}'s: its state-dir rule, one alert per application whose store the test fills.
 *
 * <p>Deduplication across replicas needs the same alert, labels included, at every replica: the
 * replicas agree on who notifies through the notification log they gossip, keyed by the alert
 * group. A replica has had its chance to send a duplicate once it has checked that log again after
 * the page ({@code alertmanager_nflog_queries_total}): the waits are on those checks, never on
 * time.
 */
class AlertmanagerClusterIT {

  /**
   * Checks of the notification log, per alert group, after which a duplicate would have been sent.
   */
  static final int CHECKS = 3;

  private final Kshealth kshealth = Kshealth.distribution();

  /** Kept when the test fails, with the agent's and the replicas' logs. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path workDir;

  @RegisterExtension
  final TestWatcher logsOnFailure =
      new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
          AlertingIT.printLogs(workDir);
        }
      };

  /**
   * One page per alert although both replicas hold it; with the replica that paged killed, a new
   * alert still pages once, through the other, while the agent counts failed deliveries to the dead
   * one and keeps them queued; started again, it receives what was queued and pages nothing twice.
   */
  @Test
  void onePagePerAlertAndNothingLostWhileAReplicaIsDown() throws Exception {
    long start = System.nanoTime();
    StateDir first = new StateDir(workDir, "cluster-first");
    StateDir second = new StateDir(workDir, "cluster-second");
    // The state dirs share one rules file: a shorter `for` than AlertingIT's keeps the test short.
    Files.writeString(
        first.rules, AlertingIT.rules("value > " + AlertingIT.THRESHOLD_BYTES + ".0", "1s"));
    try (WebhookReceiver pager = WebhookReceiver.start();
        AlertmanagerCluster cluster =
            AlertmanagerCluster.start(workDir.resolve("alertmanager"), 2, pager.url() + "/am")) {
      List<Alertmanager> replicas = cluster.replicas();
      Path config =
          first.config(
              Map.of("am", AlertingIT.alertmanagerNotifier(replicas.toArray(Alertmanager[]::new))),
              List.of(first.applicationId, second.applicationId));
      try (Daemon agent = kshealth.start(workDir, Map.of(), config)) {
        agent.awaitReady();
        first.awaitWatched(agent);
        second.awaitWatched(agent);
        long ready = System.nanoTime();

        // Both replicas hold the alert, under one fingerprint; one of them pages.
        first.grow();
        Map<?, ?> page = awaitPage(pager, first);
        for (Alertmanager replica : replicas) {
          Alertmanager.Alert held =
              withinCycles().until(() -> replica.alerts(first.match()), l -> l.size() == 1).get(0);
          assertEquals(page.get("fingerprint"), held.fingerprint(), replica.url());
        }
        awaitChecks(replicas, 1);
        assertEquals(1, webhookAlerts(pager, first, "firing").size(), () -> describe(pager));
        Alertmanager paging = theOneThatPaged(replicas);
        Alertmanager other = replicas.get(1 - replicas.indexOf(paging));
        // The agent's notifier for replica n of `urls` is am-n.
        String pagingNotifier = "am-" + (replicas.indexOf(paging) + 1);
        long deduplicated = System.nanoTime();

        // The replica that paged dies; a new alert pages through the other.
        paging.kill();
        second.grow();
        Map<?, ?> secondPage = awaitPage(pager, second);
        assertEquals(1.0, webhooksSent(other), "the survivor paged");
        withinCycles().until(() -> AlertingIT.notificationsFailed(agent, pagingNotifier) > 0);
        assertTrue(
            queued(agent, pagingNotifier) > 0, "the dead replica's alerts wait in its queue");
        long failedOver = System.nanoTime();

        // Back, it receives the queued alert and pages nothing the other has paged.
        paging.start();
        cluster.awaitFormed();
        Alertmanager.Alert delivered =
            withinCycles().until(() -> paging.alerts(second.match()), l -> l.size() == 1).get(0);
        assertEquals(
            AlertingIT.millis(secondPage.get("startsAt")),
            delivered.startsAt(),
            "the alert that fired while it was down, with its start");
        withinCycles().until(() -> queued(agent, pagingNotifier) == 0.0);
        withinCycles().until(() -> paging.alerts(first.match()).size() == 1);
        awaitChecks(List.of(paging), 2);
        assertEquals(0.0, webhooksSent(paging), "the restarted replica paged again");
        assertEquals(1, webhookAlerts(pager, first, "firing").size(), () -> describe(pager));
        assertEquals(1, webhookAlerts(pager, second, "firing").size(), () -> describe(pager));
        agent.stopCleanly();
        System.out.printf(
            "alertmanager cluster: agent ready %d ms, deduplicated %d ms, failed over %d ms,"
                + " rejoined %d ms%n",
            millisBetween(start, ready),
            millisBetween(ready, deduplicated),
            millisBetween(deduplicated, failedOver),
            millisBetween(failedOver, System.nanoTime()));
      }
    }
  }

  /** The first page for {@code state}'s alert. */
  private static Map<?, ?> awaitPage(WebhookReceiver pager, StateDir state) {
    return withinCycles()
        .until(() -> webhookAlerts(pager, state, "firing"), l -> !l.isEmpty())
        .get(0);
  }

  /**
   * Waits until each replica has checked its notification log {@value #CHECKS} times per alert
   * group ({@code groups}) since now, so that every check after the page's gossip had its turn.
   */
  private static void awaitChecks(List<Alertmanager> replicas, int groups)
      throws IOException, InterruptedException {
    Map<Alertmanager, Double> from = new HashMap<>();
    for (Alertmanager replica : replicas) {
      from.put(replica, nflogQueries(replica));
    }
    for (Alertmanager replica : replicas) {
      withinCycles()
          .until(() -> nflogQueries(replica) >= from.get(replica) + (double) CHECKS * groups);
    }
  }

  /** The replica whose webhook sent the page; the other sent nothing. */
  private static Alertmanager theOneThatPaged(List<Alertmanager> replicas)
      throws IOException, InterruptedException {
    List<Alertmanager> paged = new ArrayList<>();
    for (Alertmanager replica : replicas) {
      if (webhooksSent(replica) > 0) {
        paged.add(replica);
      }
    }
    assertEquals(1, paged.size(), "replicas that paged");
    assertEquals(1.0, webhooksSent(paged.get(0)));
    return paged.get(0);
  }

  /** Notifications this replica sent to its webhook since it started. */
  private static double webhooksSent(Alertmanager replica)
      throws IOException, InterruptedException {
    return replica.metric("alertmanager_notifications_total", Map.of("integration", "webhook"));
  }

  private static double nflogQueries(Alertmanager replica)
      throws IOException, InterruptedException {
    return replica.metric("alertmanager_nflog_queries_total", Map.of());
  }

  /** Batches the agent holds for {@code notifier}, waiting for its receiver. */
  private static double queued(Daemon agent, String notifier)
      throws IOException, InterruptedException {
    return Series.sum(
        AlertingIT.metrics(agent), "kshealth_notifications_queued", Map.of("notifier", notifier));
  }

  private static String describe(WebhookReceiver pager) {
    return AlertingIT.describe(pager);
  }

  private static long millisBetween(long fromNanos, long toNanos) {
    return Duration.ofNanos(toNanos - fromNanos).toMillis();
  }
}
