package io.kshealth.collectors.support.jmx;

import java.util.LinkedHashMap;
import java.util.Map;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;

/**
 * An MBean whose attributes a test sets and removes while it is registered. Like Kafka's own
 * MBeans, {@code getAttributes} leaves out the attributes it does not have rather than failing.
 */
public final class FakeMBean implements DynamicMBean {

  private final Map<String, Object> attributes = new LinkedHashMap<>();

  /** Registers a new MBean under {@code name} with attributes from alternating names and values. */
  public static FakeMBean register(MBeanServer server, String name, Object... namesAndValues)
      throws JMException {
    FakeMBean bean = new FakeMBean();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      bean.set((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    server.registerMBean(bean, MBeanValues.objectName(name));
    return bean;
  }

  public synchronized FakeMBean set(String attribute, Object value) {
    attributes.put(attribute, value);
    return this;
  }

  public synchronized FakeMBean remove(String attribute) {
    attributes.remove(attribute);
    return this;
  }

  @Override
  public synchronized Object getAttribute(String attribute) throws AttributeNotFoundException {
    if (!attributes.containsKey(attribute)) {
      throw new AttributeNotFoundException(attribute);
    }
    return attributes.get(attribute);
  }

  @Override
  public synchronized AttributeList getAttributes(String[] names) {
    AttributeList list = new AttributeList();
    for (String n : names) {
      if (attributes.containsKey(n)) {
        list.add(new Attribute(n, attributes.get(n)));
      }
    }
    return list;
  }

  @Override
  public void setAttribute(Attribute attribute) {
    set(attribute.getName(), attribute.getValue());
  }

  @Override
  public AttributeList setAttributes(AttributeList list) {
    list.asList().forEach(this::setAttribute);
    return list;
  }

  @Override
  public Object invoke(String action, Object[] params, String[] signature) {
    throw new UnsupportedOperationException(action);
  }

  @Override
  public synchronized MBeanInfo getMBeanInfo() {
    MBeanAttributeInfo[] info =
        attributes.entrySet().stream()
            .map(
                e ->
                    new MBeanAttributeInfo(
                        e.getKey(),
                        e.getValue() == null
                            ? Object.class.getName()
                            : e.getValue().getClass().getName(),
                        e.getKey(),
                        true,
                        false,
                        false))
            .toArray(MBeanAttributeInfo[]::new);
    return new MBeanInfo(FakeMBean.class.getName(), "test MBean", info, null, null, null);
  }
}
