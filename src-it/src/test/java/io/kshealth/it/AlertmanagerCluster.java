package io.kshealth.it;

import static org.awaitility.Awaitility.await;

import io.kshealth.demo.driver.Ports;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Replicas of Debian's Alertmanager in cluster mode (high availability), as operators run it: each
 * its own web port, storage and config (the same routes, one webhook receiver), gossiping on a
 * loopback port of its own with every other replica named by {@code --cluster.peer}. A replica that
 * is stopped or killed and started again rejoins through those peers and receives their state
 * (notification log, silences) in the join's full sync.
 *
 * <p>Alertmanager deduplicates across replicas by position: the replica at position {@code n} of
 * the sorted member list waits {@code n} × {@link #PEER_TIMEOUT} after the group's wait, then sends
 * only what no peer has recorded in the gossiped notification log. The intervals below are short so
 * that a test sees this within seconds; Alertmanager's defaults are 200 ms gossip, 1 min full sync
 * and 15 s peer timeout.
 */
final class AlertmanagerCluster implements AutoCloseable {

  /** How long each position waits for the ones before it to notify. */
  static final Duration PEER_TIMEOUT = Duration.ofSeconds(1);

  /** Hang guard only: two replicas joined and settled in about 2 s here. */
  static final Duration FORMED_TIMEOUT = Duration.ofSeconds(60);

  private final List<Alertmanager> replicas;

  private AlertmanagerCluster(List<Alertmanager> replicas) {
    this.replicas = List.copyOf(replicas);
  }

  /**
   * Starts {@code size} replicas under {@code dir} ({@code replica-1}, {@code replica-2}…) that
   * send their notifications to {@code webhookUrl}, and returns once every one sees all of them and
   * has settled.
   */
  static AlertmanagerCluster start(Path dir, int size, String webhookUrl) throws IOException {
    List<Integer> gossipPorts = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      gossipPorts.add(Ports.freeLoopbackPort());
    }
    List<Alertmanager> started = new ArrayList<>();
    try {
      for (int i = 0; i < size; i++) {
        started.add(
            Alertmanager.start(
                dir.resolve("replica-" + (i + 1)), Optional.of(webhookUrl), flags(gossipPorts, i)));
      }
      AlertmanagerCluster cluster = new AlertmanagerCluster(started);
      cluster.awaitFormed();
      return cluster;
    } catch (IOException | RuntimeException | Error e) {
      started.forEach(Alertmanager::close);
      throw e;
    }
  }

  List<Alertmanager> replicas() {
    return replicas;
  }

  /**
   * Waits until every replica that runs sees all {@link #replicas()} as members and has settled: a
   * replica still settling holds its notifications back.
   */
  void awaitFormed() {
    try {
      await()
          .atMost(FORMED_TIMEOUT)
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                for (Alertmanager replica : replicas) {
                  if (!replica.isRunning()
                      || !replica
                          .clusterStatus()
                          .equals(new Alertmanager.ClusterStatus("ready", replicas.size()))) {
                    return false;
                  }
                }
                return true;
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("the cluster never formed:\n" + describe(), e);
    }
  }

  /** Stops every replica that runs, also when a test failed halfway. */
  @Override
  public void close() {
    replicas.forEach(Alertmanager::close);
  }

  private String describe() {
    return replicas.stream()
        .map(
            r -> {
              try {
                return r.url() + " " + (r.isRunning() ? r.clusterStatus() : "down");
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return r.url() + " " + e;
              } catch (IOException | RuntimeException e) {
                return r.url() + " " + e;
              }
            })
        .collect(Collectors.joining("\n"));
  }

  /** Replica {@code i}'s flags: its own gossip port, every other one's as a peer. */
  private static List<String> flags(List<Integer> gossipPorts, int i) {
    List<String> flags = new ArrayList<>();
    flags.add("--cluster.listen-address=127.0.0.1:" + gossipPorts.get(i));
    for (int peer = 0; peer < gossipPorts.size(); peer++) {
      if (peer != i) {
        flags.add("--cluster.peer=127.0.0.1:" + gossipPorts.get(peer));
      }
    }
    flags.add("--cluster.gossip-interval=50ms");
    flags.add("--cluster.pushpull-interval=1s");
    flags.add("--cluster.peer-timeout=" + PEER_TIMEOUT.toMillis() + "ms");
    // Settling polls every 10 gossip intervals until the membership holds still; a hang guard.
    flags.add("--cluster.settle-timeout=10s");
    return flags;
  }
}
