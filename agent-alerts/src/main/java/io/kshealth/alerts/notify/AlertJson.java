package io.kshealth.alerts.notify;

import static java.util.Objects.requireNonNull;

import io.kshealth.alerts.api.AlertMessage;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The JSON shapes of an alert: Alertmanager's, the webhook's, and the outbox's own. */
final class AlertJson {

  /** How Alertmanager writes "no end yet" in its webhook payload. */
  static final String NO_END = "0001-01-01T00:00:00Z";

  /** RFC 3339 in UTC with milliseconds, such as {@code 2026-11-22T10:00:00.000Z}. */
  private static final DateTimeFormatter RFC_3339_MILLIS =
      new DateTimeFormatterBuilder().appendInstant(3).toFormatter();

  private AlertJson() {}

  /** Alertmanager API v2's postable alert; a firing alert is valid until {@code validUntil}. */
  static Map<String, Object> postable(AlertMessage a, Instant validUntil) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("labels", new TreeMap<>(a.labels()));
    m.put("annotations", new TreeMap<>(a.annotations()));
    m.put("startsAt", time(a.startsAt()));
    m.put("endsAt", time(a.endedAt().orElse(validUntil)));
    m.put("generatorURL", a.generatorUrl());
    return m;
  }

  /** An alert of Alertmanager's webhook payload, version 4. */
  static Map<String, Object> webhook(AlertMessage a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", a.firing() ? "firing" : "resolved");
    m.put("labels", new TreeMap<>(a.labels()));
    m.put("annotations", new TreeMap<>(a.annotations()));
    m.put("startsAt", time(a.startsAt()));
    m.put("endsAt", a.endedAt().map(AlertJson::time).orElse(NO_END));
    m.put("generatorURL", a.generatorUrl());
    m.put("fingerprint", Fingerprint.of(a.labels()));
    return m;
  }

  private static String time(Instant t) {
    return RFC_3339_MILLIS.format(t);
  }

  /** As kept in the outbox: everything needed to rebuild the message. */
  static Map<String, Object> stored(AlertMessage a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("labels", a.labels());
    m.put("annotations", a.annotations());
    m.put("startsAt", a.startsAt().toString());
    m.put("endedAt", a.endedAt().map(Instant::toString).orElse(null));
    m.put("generatorUrl", a.generatorUrl());
    return m;
  }

  static AlertMessage fromStored(Map<?, ?> m) {
    Object ended = m.get("endedAt");
    return new AlertMessage(
        strings(requireNonNull(m.get("labels"), "labels")),
        strings(requireNonNull(m.get("annotations"), "annotations")),
        Instant.parse((String) requireNonNull(m.get("startsAt"), "startsAt")),
        ended == null ? Optional.empty() : Optional.of(Instant.parse((String) ended)),
        (String) requireNonNull(m.get("generatorUrl"), "generatorUrl"));
  }

  private static Map<String, String> strings(Object o) {
    Map<String, String> map = new LinkedHashMap<>();
    ((Map<?, ?>) o).forEach((k, v) -> map.put((String) k, (String) v));
    return map;
  }
}
