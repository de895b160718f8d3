package io.kshealth.alerts.api;

import java.util.List;

/**
 * A notifier type's parsed, immutable options. Parsing happens once at config load (so {@code
 * check-config} sees every error); {@link #create} runs when alerting starts.
 */
public interface NotifierSettings {

  /**
   * The notifiers to deliver to, usually one. Each gets its own outbox queue and delivery thread,
   * so a receiver with several replicas that must each get every alert returns one per replica.
   */
  List<Notifier> create(NotifierContext context);

  /**
   * Where it sends, for logs and {@code /api/v1/status}, with every secret masked: {@code
   * https://hooks.example.com/****, bearer ****}; empty when there is nothing to say.
   */
  String describe();
}
