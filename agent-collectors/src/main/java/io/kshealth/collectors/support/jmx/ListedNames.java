package io.kshealth.collectors.support.jmx;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;

/**
 * A connection whose {@code queryNames} answers are kept from run to run. A query makes the target
 * match its pattern against every MBean of the domain and send back every name it matched, and the
 * names change only when threads, tasks or clients come and go; a run's readers make seven queries
 * against the sample app, where reading the target's MBean count takes one small call.
 *
 * <p>What was listed is asked again when the count changed, when a read found a listed MBean gone
 * (a task moved from one thread to another: one name for another, the count unchanged), and at
 * least every {@value #REFRESH_RUNS} runs, for a swap among MBeans no reader reads. A read between
 * an MBean's going and the next run gives empty values, as it did before between a query and the
 * reads (see {@link MBeanValues#read}).
 *
 * <p>Used from the connection's thread only, like the connection itself.
 */
final class ListedNames implements InvocationHandler {

  /** Runs after which every listing is asked again, whatever the count says. */
  static final int REFRESH_RUNS = 6;

  private final MBeanServerConnection server;
  private final MBeanServerConnection connection;
  private final Map<ObjectName, Set<ObjectName>> listed = new HashMap<>();
  private int mbeanCount = -1;
  private int runsSinceRefresh;
  private boolean stale;

  ListedNames(MBeanServerConnection server) {
    this.server = server;
    this.connection =
        (MBeanServerConnection)
            Proxy.newProxyInstance(
                MBeanServerConnection.class.getClassLoader(),
                new Class<?>[] {MBeanServerConnection.class},
                this);
  }

  /** The connection the readers use: the target's, with queries answered from the listings. */
  MBeanServerConnection connection() {
    return connection;
  }

  /** Starts a run: one call for the target's MBean count, and the listings dropped if stale. */
  void startRun() throws IOException {
    int count = server.getMBeanCount();
    if (count != mbeanCount || stale || ++runsSinceRefresh >= REFRESH_RUNS) {
      listed.clear();
      mbeanCount = count;
      runsSinceRefresh = 0;
      stale = false;
    }
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getName().equals("queryNames")
        && args[0] instanceof ObjectName p
        && args[1] == null) {
      Set<ObjectName> names = listed.get(p);
      if (names == null) {
        names = Set.copyOf(server.queryNames(p, null));
        listed.put(p, names);
      }
      return names;
    }
    try {
      return method.invoke(server, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof InstanceNotFoundException) {
        stale = true;
      }
      throw e.getCause();
    }
  }
}
