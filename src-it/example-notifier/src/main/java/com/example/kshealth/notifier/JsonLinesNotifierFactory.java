package com.example.kshealth.notifier;

import io.kshealth.alerts.api.Notifier;
import io.kshealth.alerts.api.NotifierContext;
import io.kshealth.alerts.api.NotifierFactory;
import io.kshealth.alerts.api.NotifierSettings;
import io.kshealth.api.ConfigSection;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code type: json-lines}: appends every alert, firing and resolved, as one JSON object per line
 * to a file.
 *
 * <pre>{@code
 * alerting:
 *   notifiers:
 *     audit:
 *       type: json-lines
 *       path: /var/log/kshealth/alerts.jsonl
 * }</pre>
 */
public final class JsonLinesNotifierFactory implements NotifierFactory {

  @Override
  public String type() {
    return "json-lines";
  }

  @Override
  public Optional<NotifierSettings> parse(ConfigSection options) {
    Path file = options.file("path");
    if (file == null) {
      options.error("path", "missing 'path': the file to append the alerts to");
      return Optional.empty();
    }
    return Optional.of(new Settings(file));
  }

  private record Settings(Path file) implements NotifierSettings {
    @Override
    public List<Notifier> create(NotifierContext context) {
      return List.of(new JsonLinesNotifier(context.name(), file));
    }

    @Override
    public String describe() {
      return file.toString();
    }
  }
}
