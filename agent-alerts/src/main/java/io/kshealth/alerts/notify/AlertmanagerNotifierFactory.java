package io.kshealth.alerts.notify;

import io.kshealth.alerts.api.Notifier;
import io.kshealth.alerts.api.NotifierContext;
import io.kshealth.alerts.api.NotifierFactory;
import io.kshealth.alerts.api.NotifierSettings;
import io.kshealth.api.ConfigSection;
import io.kshealth.core.text.Redact;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code type: alertmanager}: Alertmanager's {@code /api/v2/alerts} on every replica in {@code
 * urls} (see {@link AlertmanagerNotifier}), with {@code timeout}, credentials and {@code tls}.
 */
public final class AlertmanagerNotifierFactory implements NotifierFactory {

  @Override
  public String type() {
    return "alertmanager";
  }

  @Override
  public Optional<NotifierSettings> parse(ConfigSection options) {
    Optional<List<URI>> urls = ReceiverUrls.replicas(options);
    HttpOptions http = HttpOptions.parse(options, urls.orElse(List.of()));
    return urls.map(u -> new Settings(u, http));
  }

  record Settings(List<URI> urls, HttpOptions http) implements NotifierSettings {
    Settings {
      urls = List.copyOf(urls);
    }

    /**
     * One notifier per replica (each must get every alert, so each has its own queue), named {@code
     * <name>-1}, {@code <name>-2}… when there are several.
     */
    @Override
    public List<Notifier> create(NotifierContext context) {
      List<Notifier> replicas = new ArrayList<>();
      for (int i = 0; i < urls.size(); i++) {
        String replica = urls.size() == 1 ? context.name() : context.name() + "-" + (i + 1);
        replicas.add(
            new AlertmanagerNotifier(
                replica, urls.get(i), http, context.resendValidFor(), context.clock()));
      }
      return replicas;
    }

    @Override
    public String describe() {
      return http.describe(urls.stream().map(Redact::url).toList());
    }
  }
}
