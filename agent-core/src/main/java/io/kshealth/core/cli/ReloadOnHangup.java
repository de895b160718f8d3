package io.kshealth.core.cli;

import io.kshealth.core.agent.Agent;
import io.kshealth.core.extension.Extension.ReloadOutcome;
import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP reloads the agent, as it does Prometheus. The JDK has no supported API for signals: this
 * uses {@code sun.misc.Signal} (module jdk.unsupported, kept in the jlink image) through
 * reflection, because javac's warning about that class cannot be silenced and the build treats
 * warnings as errors.
 */
final class ReloadOnHangup {

  private static final Logger LOG = LoggerFactory.getLogger(ReloadOnHangup.class);

  private ReloadOnHangup() {}

  static void install(Agent agent) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
      Object handler =
          Proxy.newProxyInstance(
              handlerType.getClassLoader(),
              new Class<?>[] {handlerType},
              (proxy, method, args) -> {
                switch (method.getName()) {
                  case "handle":
                    reload(agent);
                    return null;
                  case "hashCode":
                    return System.identityHashCode(proxy);
                  case "equals":
                    return proxy == args[0];
                  default:
                    return "kshealth SIGHUP handler";
                }
              });
      Object before =
          signal
              .getMethod("handle", signal, handlerType)
              .invoke(null, signal.getConstructor(String.class).newInstance("HUP"), handler);
      // A process that starts ignoring SIGHUP (under nohup, or a parent that ignores it) keeps
      // ignoring it: the JVM leaves it so and installs no handler.
      if (before != null && before.equals(handlerType.getField("SIG_IGN").get(null))) {
        LOG.warn(
            "SIGHUP is ignored in this process (it was started ignoring it, as under nohup), so it"
                + " does not reload the agent; POST /-/reload does");
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("cannot handle SIGHUP here ({}); POST /-/reload reloads instead", e.toString());
    }
  }

  private static void reload(Agent agent) {
    LOG.info("SIGHUP: reloading");
    ReloadOutcome outcome = agent.reload();
    if (outcome.ok()) {
      LOG.info("reloaded: {}", outcome.message());
    } else {
      LOG.warn("reload failed, still running the previous settings: {}", outcome.message());
    }
  }
}
