package io.kshealth.collectors.streams;

import java.util.Hashtable;
import java.util.regex.Pattern;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Kafka's MBean names as its {@code JmxReporter} writes them. A tag value with a character outside
 * {@code [\w-%. \t]} is quoted ({@code Sanitizer.jmxSanitize}); {@code client.id} is free text, so
 * a thread id can be quoted, and a name built from it must be quoted the same way or it is
 * malformed.
 */
final class KafkaNames {

  private static final Pattern PLAIN = Pattern.compile("[\\w-%. \t]*");

  private KafkaNames() {}

  /** {@code kafka.consumer:type=<type>,client-id=<clientId>}. */
  static ObjectName consumer(String type, String clientId) {
    Hashtable<String, String> keys = new Hashtable<>();
    keys.put("type", type);
    keys.put(
        "client-id", PLAIN.matcher(clientId).matches() ? clientId : ObjectName.quote(clientId));
    try {
      return ObjectName.getInstance("kafka.consumer", keys);
    } catch (MalformedObjectNameException e) {
      throw new IllegalArgumentException(clientId, e);
    }
  }
}
