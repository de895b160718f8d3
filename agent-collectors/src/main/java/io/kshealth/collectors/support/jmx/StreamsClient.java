package io.kshealth.collectors.support.jmx;

import io.kshealth.api.Labels;
import java.util.Collection;
import java.util.Optional;

/**
 * A {@code KafkaStreams} client present in the target JVM, as its {@code stream-metrics} MBean
 * names it. Every MBean of its threads, tasks and stores carries a {@code thread-id} that starts
 * with its client id ({@code <clientId>-StreamThread-1}, {@code <clientId>-StateUpdater-1}).
 */
public record StreamsClient(String clientId, String applicationId) {

  /** The labels of everything reported per client. */
  public Labels labels() {
    return Labels.of("application_id", applicationId, "client_id", clientId);
  }

  /**
   * The labels of one of the client's threads: the client's plus {@code thread}, the thread id
   * without the client id, such as {@code StreamThread-1}.
   */
  public Labels threadLabels(String threadId) {
    return Labels.of(
        "application_id", applicationId, "client_id", clientId, "thread", threadName(threadId));
  }

  /** {@code StreamThread-1} for {@code <clientId>-StreamThread-1}. */
  public String threadName(String threadId) {
    return threadId.startsWith(clientId + "-")
        ? threadId.substring(clientId.length() + 1)
        : threadId;
  }

  /** The client a thread belongs to; empty for a thread of a client that is not listed. */
  public static Optional<StreamsClient> owning(Collection<StreamsClient> clients, String threadId) {
    StreamsClient best = null;
    for (StreamsClient c : clients) {
      // The longest matching id wins: one client id may be a prefix of another.
      if (threadId.startsWith(c.clientId + "-")
          && (best == null || c.clientId.length() > best.clientId.length())) {
        best = c;
      }
    }
    return Optional.ofNullable(best);
  }
}
