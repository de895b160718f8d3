package io.kshealth.alerts.notify;

import io.kshealth.alerts.api.Notifier;
import io.kshealth.alerts.api.NotifierContext;
import io.kshealth.alerts.api.NotifierFactory;
import io.kshealth.alerts.api.NotifierSettings;
import io.kshealth.api.ConfigSection;
import java.util.List;
import java.util.Optional;

/** {@code type: log}: the agent's own log (see {@link LogNotifier}). No options of its own. */
public final class LogNotifierFactory implements NotifierFactory {

  @Override
  public String type() {
    return "log";
  }

  @Override
  public Optional<NotifierSettings> parse(ConfigSection options) {
    // Nothing to read: the loader reports any key given here as unknown.
    return Optional.of(new Settings());
  }

  record Settings() implements NotifierSettings {
    @Override
    public List<Notifier> create(NotifierContext context) {
      return List.of(new LogNotifier(context.name()));
    }

    @Override
    public String describe() {
      return "";
    }
  }
}
