package io.kshealth.alerts;

import io.kshealth.alerts.notify.NotifierFactories;
import io.kshealth.alerts.ruletest.RulesCommand;
import io.kshealth.core.config.ConfigNode;
import io.kshealth.core.extension.ExtensionFactory;
import io.kshealth.core.extension.ExtensionSettings;
import java.nio.file.Path;
import java.util.List;

/**
 * Alerting, configured by the {@code alerting:} section: rules over the local history, notifiers,
 * and the {@code kshealth rules} command.
 */
public final class AlertingExtensionFactory implements ExtensionFactory {

  private final NotifierFactories notifiers;

  /**
   * @param notifiers the notifier types {@code alerting.notifiers} may use
   */
  public AlertingExtensionFactory(NotifierFactories notifiers) {
    this.notifiers = notifiers;
  }

  @Override
  public String section() {
    return "alerting";
  }

  @Override
  public ExtensionSettings parse(ConfigNode section, Path configDir) {
    return AlertingSettings.parse(section, configDir, notifiers);
  }

  @Override
  public List<Object> commands() {
    return List.of(new RulesCommand());
  }
}
