package io.kshealth.alerts.notify;

import io.kshealth.alerts.api.Notifier;
import io.kshealth.alerts.api.NotifierContext;
import io.kshealth.alerts.api.NotifierFactory;
import io.kshealth.alerts.api.NotifierSettings;
import io.kshealth.api.ConfigSection;
import io.kshealth.core.text.Redact;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * {@code type: webhook}: the Alertmanager webhook payload POSTed to {@code url} (see {@link
 * WebhookNotifier}), with {@code timeout}, credentials, {@code tls} and {@code max-alerts}.
 */
public final class WebhookNotifierFactory implements NotifierFactory {

  private static final int MAX_ALERTS_LIMIT = 1_000_000;

  @Override
  public String type() {
    return "webhook";
  }

  @Override
  public Optional<NotifierSettings> parse(ConfigSection options) {
    Optional<URI> url = ReceiverUrls.one(options);
    HttpOptions http = HttpOptions.parse(options, url.stream().toList());
    int maxAlerts = options.integer("max-alerts", 0, 0, MAX_ALERTS_LIMIT);
    return url.map(u -> new Settings(u, http, maxAlerts));
  }

  /**
   * @param maxAlerts the limit of alerts per message; 0 for none
   */
  record Settings(URI url, HttpOptions http, int maxAlerts) implements NotifierSettings {
    @Override
    public List<Notifier> create(NotifierContext context) {
      return List.of(
          new WebhookNotifier(context.name(), url, http, maxAlerts, context.externalUrl()));
    }

    @Override
    public String describe() {
      return http.describe(List.of(Redact.webhookUrl(url)));
    }
  }
}
