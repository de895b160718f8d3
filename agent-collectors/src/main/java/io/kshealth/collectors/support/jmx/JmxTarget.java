package io.kshealth.collectors.support.jmx;

import io.kshealth.collectors.support.proc.ProcessSelector;
import io.kshealth.core.config.SecretFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import javax.management.remote.JMXServiceURL;

/** How the agent reaches the target JVM's MBean server. */
public sealed interface JmxTarget {

  /**
   * A JMX connector the target opened ({@code -Dcom.sun.management.jmxremote.port=…}).
   *
   * @param password kept out of {@link #toString}, so it never reaches a log or the status page
   * @param passwordFile where the password is read at each connect instead, so that no password has
   *     to sit in the config and a rotated one is used from the next connect on
   * @param tls the registry is reached over TLS (a target started with {@code
   *     com.sun.management.jmxremote.registry.ssl=true}); the trust store is the JVM's, set with
   *     {@code -Djavax.net.ssl.trustStore} in {@code JAVA_OPTS}
   */
  record Remote(
      JMXServiceURL url,
      Optional<String> username,
      Optional<String> password,
      Optional<Path> passwordFile,
      boolean tls)
      implements JmxTarget {

    /** The password to connect with now: the file's, read again, or the config's. */
    String currentPassword() throws IOException {
      return passwordFile.isPresent()
          ? SecretFile.read(passwordFile.get(), "password-file")
          : password.orElse("");
    }

    @Override
    public String toString() {
      return url
          + username.map(u -> " as " + u).orElse("")
          + password.map(p -> " (password ****)").orElse("")
          + passwordFile.map(f -> " (password from " + f + ")").orElse("")
          + (tls ? " over TLS" : "");
    }
  }

  /**
   * A local JVM reached through the Attach API: no JMX port needed, only the same user, a shared
   * {@code /tmp} and PID namespace.
   */
  record Attach(ProcessSelector selector) implements JmxTarget {
    @Override
    public String toString() {
      return "attach to " + selector;
    }
  }
}
