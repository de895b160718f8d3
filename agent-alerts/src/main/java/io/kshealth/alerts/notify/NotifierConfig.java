package io.kshealth.alerts.notify;

import io.kshealth.alerts.api.Notifier;
import io.kshealth.alerts.api.NotifierContext;
import io.kshealth.alerts.api.NotifierFactory;
import io.kshealth.alerts.api.NotifierSettings;
import io.kshealth.core.config.ConfigNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One configured notifier ({@code alerting.notifiers.<name>}): its name, its type and the options
 * its {@link NotifierFactory} read, checked at load. Its {@link #toString()} is {@link
 * #describe()}, so that logging it shows no secret.
 */
public record NotifierConfig(String name, String type, NotifierSettings settings) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

  /** Reads the map of named notifiers; every problem goes to the config's error list. */
  public static List<NotifierConfig> parse(ConfigNode notifiers, NotifierFactories factories) {
    List<NotifierConfig> all = new ArrayList<>();
    for (Map.Entry<String, ConfigNode> e : notifiers.children().entrySet()) {
      String name = e.getKey();
      if (!NAME.matcher(name).matches()) {
        notifiers.errorAtKey(
            name, "notifier name '" + name + "' must be lower-case letters, digits and dashes");
      }
      notifier(name, e.getValue(), factories).ifPresent(all::add);
    }
    return all;
  }

  private static Optional<NotifierConfig> notifier(
      String name, ConfigNode node, NotifierFactories factories) {
    Optional<String> type = node.optionalString("type");
    Optional<NotifierFactory> factory = type.flatMap(factories::find);
    if (factory.isEmpty()) {
      String problem = type.map(t -> "unknown notifier type '" + t + "'").orElse("missing 'type'");
      node.error("type", problem + "; known types: " + String.join(", ", factories.types()));
      // Only a known type knows its keys; for an unknown one, the type is the one error.
      return Optional.empty();
    }
    Optional<NotifierSettings> settings = factory.get().parse(node);
    node.finish();
    // A factory was found by the type, so the type is there.
    return settings.map(s -> new NotifierConfig(name, type.orElseThrow(), s));
  }

  /**
   * The notifiers to deliver to (see {@link NotifierSettings#create}).
   *
   * @param externalUrl the agent's URL, for receivers to link to
   * @param resendValidFor how long after sending a resending receiver holds a firing alert
   */
  public List<Notifier> create(String externalUrl, Duration resendValidFor, Clock clock) {
    return settings.create(new NotifierContext(name, externalUrl, resendValidFor, clock));
  }

  /** For logs and status: {@code hook (webhook https://hooks.example.com/****, bearer ****)}. */
  public String describe() {
    String where = settings.describe();
    return name + " (" + type + (where.isEmpty() ? "" : " " + where) + ")";
  }

  @Override
  public String toString() {
    return describe();
  }
}
