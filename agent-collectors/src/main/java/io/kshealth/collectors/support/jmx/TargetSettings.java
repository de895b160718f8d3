package io.kshealth.collectors.support.jmx;

import io.kshealth.api.ConfigSection;
import io.kshealth.collectors.support.proc.ProcessSelector;
import io.kshealth.core.config.SecretFile;
import java.net.MalformedURLException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.management.remote.JMXServiceURL;

/**
 * The {@code target:} options of a collector that reads the Streams application's JVM:
 *
 * <pre>
 * target:
 *   jmx: {url: service:jmx:rmi:///jndi/rmi://app:9999/jmxrmi}   # or host: + port:
 *   #   username: monitor, password-file: /run/secrets/jmx   (or password:), tls: true
 *   # or: attach: {match: 'SampleStreamsApp'}                     # or pid: N
 *   timeout: 3s        # a run's JMX reads must finish within this, or the target is unresponsive
 *   grace-period: 2m   # after the JVM starts, Streams clients not seen yet are not missing yet
 * </pre>
 *
 * @param timeout bounds every run's whole exchange with the target, connecting included
 * @param gracePeriod how long after the target JVM's start a Streams client may take to register
 */
public record TargetSettings(JmxTarget target, Duration timeout, Duration gracePeriod) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
  public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofMinutes(2);

  /** Reads the {@code target:} map; reports through {@link ConfigSection#error} what is wrong. */
  public static TargetSettings parse(ConfigSection options) {
    if (!options.has("target")) {
      options.error(
          "target",
          "give the Streams application's JVM: 'target: {jmx: {url: ...}}' or"
              + " 'target: {attach: {match: <regex on its command line>}}'");
    }
    ConfigSection node = options.map("target");
    boolean hasJmx = node.has("jmx");
    boolean hasAttach = node.has("attach");
    ConfigSection jmx = node.map("jmx");
    ConfigSection attach = node.map("attach");
    // Both are read even when both are given, so that mistakes inside either are reported too.
    Optional<JmxTarget> attached =
        hasAttach ? Optional.of(new JmxTarget.Attach(attachedProcess(attach))) : Optional.empty();
    Optional<JmxTarget> remote = hasJmx ? Optional.of(remote(jmx)) : Optional.empty();
    if (hasJmx && hasAttach) {
      node.error("attach", "give either 'jmx' or 'attach', not both");
    } else if (!hasJmx && !hasAttach && options.has("target")) {
      node.error("jmx", "give 'jmx' (url, or host and port) or 'attach' (pid or match)");
    }
    // Without either (an error was reported), the agent's own process stands in.
    JmxTarget target =
        remote.or(() -> attached).orElseGet(() -> new JmxTarget.Attach(ProcessSelector.self()));
    Duration timeout = node.duration("timeout", DEFAULT_TIMEOUT);
    Duration grace = node.duration("grace-period", DEFAULT_GRACE_PERIOD);
    jmx.finish();
    attach.finish();
    node.finish();
    return new TargetSettings(target, timeout, grace);
  }

  private static ProcessSelector attachedProcess(ConfigSection attach) {
    Optional<String> pid = attach.optionalString("pid");
    if (pid.isEmpty() && attach.optionalString("match").isEmpty()) {
      attach.error("pid", "give the process to attach to: 'pid: N' or 'match: <regex>'");
    } else if (pid.filter("self"::equals).isPresent()) {
      attach.error("pid", "the agent cannot watch itself as a Streams application");
    }
    return ProcessSelector.parse(attach);
  }

  private static JmxTarget remote(ConfigSection jmx) {
    Optional<String> url = jmx.optionalString("url");
    Optional<String> host = jmx.optionalString("host");
    int port = jmx.integer("port", 0, 1, 65535);
    Optional<String> username = jmx.optionalString("username");
    Optional<String> password = jmx.optionalString("password");
    Optional<Path> passwordFile = Optional.ofNullable(SecretFile.option(jmx, "password-file"));
    boolean tls = jmx.bool("tls", false);
    if (password.isPresent() && passwordFile.isPresent()) {
      jmx.error("password-file", "give either 'password' or 'password-file', not both");
    } else if (username.isPresent() != (password.isPresent() || passwordFile.isPresent())) {
      jmx.error(
          username.isPresent()
              ? "username"
              : passwordFile.isPresent() ? "password-file" : "password",
          "give both 'username' and 'password' (or 'password-file'), or neither");
    }
    if (url.isPresent() && (host.isPresent() || jmx.has("port"))) {
      jmx.error("url", "give either 'url' or 'host' and 'port', not both");
    }
    if (url.isEmpty() && (host.isEmpty() || !jmx.has("port"))) {
      jmx.error(host.isEmpty() ? "host" : "port", "give 'url', or both 'host' and 'port'");
    }
    String text =
        url.orElseGet(
            () -> "service:jmx:rmi:///jndi/rmi://" + host.orElse("") + ":" + port + "/jmxrmi");
    try {
      return new JmxTarget.Remote(new JMXServiceURL(text), username, password, passwordFile, tls);
    } catch (MalformedURLException e) {
      jmx.error(
          url.isPresent() ? "url" : "host",
          "invalid JMX service URL '" + text + "': " + e.getMessage());
      return new JmxTarget.Remote(placeholder(), username, password, passwordFile, tls);
    }
  }

  /** Stands in after an error was reported, so parsing goes on to find the next one. */
  private static JMXServiceURL placeholder() {
    try {
      return new JMXServiceURL("service:jmx:rmi:///jndi/rmi://localhost:1/jmxrmi");
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return target.toString();
  }
}
