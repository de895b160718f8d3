import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.MalformedURLException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorProvider;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnector;

/**
 * Counts the JMX calls this JVM makes, whoever opens the connection: the agent's collector opens
 * its own, so the count has to sit under JMXConnectorFactory. bench/streams-collection.sh lists
 * this class in META-INF/services/javax.management.remote.JMXConnectorProvider, which the factory
 * tries before the JDK's own RMI provider. Each call on a connection's MBeanServerConnection
 * (queryNames, getAttributes, getMBeanInfo...) is one round trip to the target.
 */
public class CountingJmxConnector implements JMXConnectorProvider {

  private static final AtomicLong CALLS = new AtomicLong();

  /** Calls by method and the MBean type they name ("queryNames kafka.streams:stream-metrics"). */
  private static final Map<String, AtomicLong> BY_KIND = new ConcurrentHashMap<>();

  /** Calls made so far on every connection this JVM opened. */
  public static long calls() {
    return CALLS.get();
  }

  /** Calls so far by kind (see {@link #BY_KIND}), sorted by kind. */
  public static Map<String, Long> callsByKind() {
    Map<String, Long> copy = new TreeMap<>();
    BY_KIND.forEach((kind, n) -> copy.put(kind, n.get()));
    return copy;
  }

  @Override
  public JMXConnector newJMXConnector(JMXServiceURL url, Map<String, ?> environment)
      throws IOException {
    if (!url.getProtocol().equals("rmi")) {
      throw new MalformedURLException("only rmi: " + url);
    }
    JMXConnector connector = new RMIConnector(url, environment);
    return proxy(
        JMXConnector.class,
        (p, method, args) -> {
          Object result = invoke(connector, method, args);
          return result instanceof MBeanServerConnection server
              ? proxy(MBeanServerConnection.class, counting(server))
              : result;
        });
  }

  private static InvocationHandler counting(MBeanServerConnection server) {
    return (p, method, args) -> {
      if (method.getDeclaringClass() == MBeanServerConnection.class) {
        CALLS.incrementAndGet();
        String kind =
            method.getName()
                + (args != null && args.length > 0 && args[0] instanceof ObjectName n
                    ? " " + n.getDomain() + ":" + n.getKeyProperty("type")
                    : "");
        BY_KIND.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
      }
      return invoke(server, method, args);
    };
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      // The caller must see the target's own exception, such as InstanceNotFoundException.
      throw e.getCause();
    }
  }

  private static <T> T proxy(Class<T> type, InvocationHandler handler) {
    return type.cast(
        Proxy.newProxyInstance(
            CountingJmxConnector.class.getClassLoader(), new Class<?>[] {type}, handler));
  }
}
