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
 * {@code type: slack}: a Slack incoming webhook at {@code url} (see {@link SlackNotifier}), with
 * {@code timeout}, credentials and {@code tls}.
 */
public final class SlackNotifierFactory implements NotifierFactory {

  @Override
  public String type() {
    return "slack";
  }

  @Override
  public Optional<NotifierSettings> parse(ConfigSection options) {
    Optional<URI> url = ReceiverUrls.one(options);
    HttpOptions http = HttpOptions.parse(options, url.stream().toList());
    return url.map(u -> new Settings(u, http));
  }

  record Settings(URI url, HttpOptions http) implements NotifierSettings {
    @Override
    public List<Notifier> create(NotifierContext context) {
      return List.of(new SlackNotifier(context.name(), url, http));
    }

    @Override
    public String describe() {
      return http.describe(List.of(Redact.webhookUrl(url)));
    }
  }
}
