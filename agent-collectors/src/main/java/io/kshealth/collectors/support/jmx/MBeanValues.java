package io.kshealth.collectors.support.jmx;

import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import javax.management.Attribute;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * The attributes of one MBean as one {@code getAttributes} call returned them: the only way the
 * agent reads the target, so one MBean costs the target one call however many values it gives.
 *
 * <p>An attribute the MBean does not have (Kafka adds sensor attributes to its MBeans as it creates
 * them) and a number that is NaN or infinite (a Kafka sensor without samples) are both missing
 * here, never 0.
 */
public final class MBeanValues {

  private final ObjectName name;
  private final Map<String, Object> values;

  private MBeanValues(ObjectName name, Map<String, Object> values) {
    this.name = name;
    this.values = values;
  }

  /**
   * Reads {@code attributes} of {@code name}. An MBean unregistered since it was listed (a task
   * that just moved, a client that just closed) gives empty values rather than an error.
   */
  public static MBeanValues read(
      MBeanServerConnection server, ObjectName name, Collection<String> attributes)
      throws IOException, JMException {
    Map<String, Object> values = new HashMap<>();
    try {
      for (Attribute a : server.getAttributes(name, attributes.toArray(String[]::new)).asList()) {
        if (a.getValue() != null) {
          values.put(a.getName(), a.getValue());
        }
      }
    } catch (InstanceNotFoundException e) {
      return new MBeanValues(name, Map.of());
    }
    return new MBeanValues(name, values);
  }

  /** The names matching {@code pattern}: no attribute is read, so the target pays little. */
  public static Set<ObjectName> query(MBeanServerConnection server, String pattern)
      throws IOException {
    return server.queryNames(objectName(pattern), null);
  }

  /** For patterns and names built from constants; a mistake there is a bug, not bad input. */
  public static ObjectName objectName(String name) {
    try {
      return new ObjectName(name);
    } catch (MalformedObjectNameException e) {
      throw new IllegalArgumentException(name, e);
    }
  }

  public ObjectName name() {
    return name;
  }

  /**
   * A key property of an MBean's name, such as {@code client-id}, unquoted: Kafka quotes a value
   * holding a character that JMX reserves ({@code Sanitizer.jmxSanitize}), and client ids are free
   * text. Null when the name has no such key.
   */
  public static String key(ObjectName name, String property) {
    String value = name.getKeyProperty(property);
    return value != null && value.startsWith("\"") ? ObjectName.unquote(value) : value;
  }

  /** True when the MBean was gone or had none of the attributes asked for. */
  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** A numeric attribute; empty when absent, not a number, NaN or infinite. */
  public OptionalDouble number(String attribute) {
    if (values.get(attribute) instanceof Number n) {
      double d = n.doubleValue();
      if (Double.isFinite(d)) {
        return OptionalDouble.of(d);
      }
    }
    return OptionalDouble.empty();
  }

  public Optional<String> string(String attribute) {
    return values.get(attribute) instanceof String s ? Optional.of(s) : Optional.empty();
  }

  /** An open-type attribute such as {@code HeapMemoryUsage} or a pool's {@code CollectionUsage}. */
  public Optional<CompositeData> composite(String attribute) {
    return values.get(attribute) instanceof CompositeData c ? Optional.of(c) : Optional.empty();
  }
}
