package io.kshealth.alerts.api;

import java.io.IOException;
import java.util.List;

/** One receiver of alerts: delivers a batch, or throws so that the batch is retried. */
public interface Notifier {

  /** The configured name, used in metrics and logs. */
  String name();

  /** Where it sends, with secrets (tokens in URLs, passwords) masked, for logs and status. */
  String describe();

  /**
   * True for receivers that expect every active alert again and again (Alertmanager), false for
   * those that want each change once (webhook, Slack, log).
   */
  boolean resendsActive();

  /**
   * Delivers one batch.
   *
   * @throws RejectedException the receiver refused it for good (a 4xx other than 429): retrying
   *     cannot help
   * @throws IOException anything worth retrying: refused connection, timeout, 429, 5xx
   */
  void send(List<AlertMessage> alerts) throws IOException;

  /** A receiver's final refusal of a batch. */
  final class RejectedException extends IOException {
    private static final long serialVersionUID = 1L;

    public RejectedException(String message) {
      super(message);
    }
  }
}
