package io.kshealth.collectors.support.jmx;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;

/**
 * A connection to an MBean server that records the calls a reader makes, so a test can tell what
 * reading cost the target, and can act between a reader's query and its reads.
 */
public final class CountingConnection {

  /** One call: the method's name and its first argument (the MBean name or the pattern). */
  public record Call(String method, Object target) {}

  private final List<Call> calls = new ArrayList<>();
  private Callable<?> afterQuery = () -> null;
  private final MBeanServerConnection connection;

  public CountingConnection(MBeanServerConnection server) {
    connection =
        (MBeanServerConnection)
            Proxy.newProxyInstance(
                MBeanServerConnection.class.getClassLoader(),
                new Class<?>[] {MBeanServerConnection.class},
                (proxy, method, args) -> {
                  calls.add(new Call(method.getName(), args == null ? null : args[0]));
                  Object result;
                  try {
                    result = method.invoke(server, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                  if (method.getName().equals("queryNames")) {
                    afterQuery.call();
                  }
                  return result;
                });
  }

  public MBeanServerConnection connection() {
    return connection;
  }

  /** Runs {@code action} after every {@code queryNames}, before the reader reads what it listed. */
  public void afterQuery(Callable<?> action) {
    afterQuery = action;
  }

  /** The calls made, in order. */
  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** Forgets the calls made so far. */
  public void clear() {
    calls.clear();
  }

  /** The MBeans passed to {@code method}, in order. */
  public List<Object> targets(String method) {
    return calls.stream().filter(c -> c.method().equals(method)).map(Call::target).toList();
  }

  /** The patterns queried, as strings. */
  public List<String> queries() {
    return targets("queryNames").stream().map(p -> ((ObjectName) p).toString()).toList();
  }
}
