package io.kshealth.core.config;

import io.kshealth.api.CollectorFactory;
import io.kshealth.api.CollectorSettings;
import io.kshealth.api.HeapBound;
import io.kshealth.core.collect.CollectorFactories;
import io.kshealth.core.extension.ExtensionFactory;
import io.kshealth.core.extension.ExtensionSettings;
import io.kshealth.core.text.Redact;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code kshealth.yaml} into an {@link AgentConfig}, reporting every problem at once.
 *
 * <pre>{@code
 * AgentConfig config = new ConfigLoader(factories, System::getenv).load(Path.of("kshealth.yaml"));
 * }</pre>
 */
public final class ConfigLoader {

  private static final Pattern COLLECTOR_NAME = Pattern.compile("[a-z][a-z0-9-]*");

  /** Room for a request line and the headers a browser or Prometheus sends. */
  private static final long MIN_HEADER_BYTES = 1024;

  private static final long MAX_HEADER_BYTES = 1 << 20;

  private final CollectorFactories factories;
  private final List<ExtensionFactory> extensions;
  private final Function<String, String> env;
  private final long maxHeapBytes;

  public ConfigLoader(CollectorFactories factories, Function<String, String> env) {
    this(factories, List.of(), env);
  }

  public ConfigLoader(
      CollectorFactories factories,
      List<ExtensionFactory> extensions,
      Function<String, String> env) {
    this(factories, extensions, env, Long.MAX_VALUE);
  }

  /**
   * A loader that also refuses a config whose bounded data cannot fit a heap of {@code
   * maxHeapBytes} (see {@link HeapBudget}); the agent passes {@link Runtime#maxMemory()}.
   */
  public ConfigLoader(
      CollectorFactories factories,
      List<ExtensionFactory> extensions,
      Function<String, String> env,
      long maxHeapBytes) {
    this.factories = factories;
    this.extensions = List.copyOf(extensions);
    this.env = env;
    this.maxHeapBytes = maxHeapBytes;
  }

  public AgentConfig load(Path file) throws ConfigException {
    ConfigDocument doc = ConfigDocument.read(file, env);
    ConfigNode root = doc.root();
    // An absolute path to a file always has a parent.
    Path configDir = Objects.requireNonNull(file.toAbsolutePath().getParent());
    HttpConfig http = http(root.map("http"), configDir);
    LoggingConfig logging = logging(root.map("logging"));
    ConfigNode historyNode = root.map("history");
    List<BoundAt> bounds = new ArrayList<>();
    List<CollectorConfig> collectors = collectors(root.map("collectors"), bounds);
    HistoryConfig history = history(historyNode);
    ProbeConfig probes = ProbeConfig.parse(root.map("probes"));
    Map<String, ExtensionSettings> extensionSettings = new LinkedHashMap<>();
    for (ExtensionFactory extension : extensions) {
      if (root.has(extension.section())) {
        ConfigNode section = root.map(extension.section());
        ExtensionSettings settings = extension.parse(section, configDir);
        extensionSettings.put(extension.section(), settings);
        settings.heapBounds().forEach(b -> bounds.add(new BoundAt(section, b)));
        section.finish();
      }
    }
    Optional<Duration> shortest = HistoryHeap.shortestInterval(collectors);
    if (shortest.isPresent()) {
      history = fitToHeap(historyNode, history, shortest.get(), bounds);
      bounds.add(0, new BoundAt(historyNode, HistoryHeap.bound(history, shortest.get())));
    }
    HeapBudget heap = budget(bounds);
    root.finish();
    doc.throwIfErrors();
    return new AgentConfig(
        file.toString(), http, logging, history, probes, collectors, extensionSettings, heap);
  }

  private static HttpConfig http(ConfigNode node, Path configDir) {
    String listen = node.string("listen", HttpConfig.DEFAULT_LISTEN);
    // Empty means none, so that ${KSHEALTH_WEB_CONFIG_FILE:-} can leave it unset.
    String webConfig = node.string("web-config-file", "");
    Optional<Path> webConfigFile =
        webConfig.isBlank() ? Optional.empty() : Optional.of(configDir.resolve(webConfig));
    List<String> exempt =
        node.has("auth-exempt") ? node.strings("auth-exempt") : HttpConfig.DEFAULT_AUTH_EXEMPT;
    for (String path : exempt) {
      if (!path.startsWith("/")) {
        node.error("auth-exempt", "'" + path + "' is not a request path: it must start with /");
      }
    }
    HttpConfig address;
    try {
      address = HttpConfig.parse(listen);
    } catch (IllegalArgumentException e) {
      node.error(
          "listen", "invalid value " + Redact.quote("listen", listen) + ": " + e.getMessage());
      address = HttpConfig.parse(HttpConfig.DEFAULT_LISTEN);
    }
    HttpConfig config =
        new HttpConfig(
            address.host(),
            address.port(),
            new HttpLimits(
                node.integer("backlog", HttpLimits.DEFAULTS.backlog(), 1, 65_535),
                node.duration("read-timeout", HttpLimits.DEFAULTS.readTimeout()),
                node.duration("idle-timeout", HttpLimits.DEFAULTS.idleTimeout()),
                node.duration("request-timeout", HttpLimits.DEFAULTS.requestTimeout()),
                maxHeaderBytes(node),
                node.integer("threads", HttpLimits.DEFAULTS.threads(), 1, 64),
                node.integer("max-pending", HttpLimits.DEFAULTS.maxPending(), 1, 10_000)),
            webConfigFile,
            exempt);
    node.finish();
    return config;
  }

  private static int maxHeaderBytes(ConfigNode node) {
    long bytes = node.size("max-header-bytes", HttpLimits.DEFAULTS.maxHeaderBytes());
    if (bytes < MIN_HEADER_BYTES || bytes > MAX_HEADER_BYTES) {
      node.error("max-header-bytes", "must be between 1KiB and 1MiB, got " + bytes + " bytes");
      return HttpLimits.DEFAULTS.maxHeaderBytes();
    }
    return (int) bytes;
  }

  private static LoggingConfig logging(ConfigNode node) {
    LoggingConfig config =
        new LoggingConfig(
            node.choice("level", LoggingConfig.DEFAULT.level()),
            node.choice("format", LoggingConfig.DEFAULT.format()));
    node.finish();
    return config;
  }

  /** A bound and the map its key is in, for errors at the key. */
  private record BoundAt(ConfigNode section, HeapBound bound) {

    HeapBudget.Line line() {
      return new HeapBudget.Line(section.path(bound.key()), bound);
    }
  }

  /**
   * A default {@code max-series} is lowered to as many series as fit beside the other bounds, so
   * that a config of 1 s collectors, which needs 23 KiB a series, runs under the launcher's heap
   * without saying so; a value written in the file is kept, and must fit ({@link #budget}).
   */
  private HistoryConfig fitToHeap(
      ConfigNode node, HistoryConfig history, Duration shortest, List<BoundAt> others) {
    if (node.hasValue("max-series")) {
      return history;
    }
    long room =
        maxHeapBytes
            - new HeapBudget(others.stream().map(BoundAt::line).toList(), maxHeapBytes)
                .totalBytes();
    long fit = room / HistoryHeap.bound(history, shortest).bytesPerUnit();
    return history.maxSeries() <= fit || fit < 1
        ? history
        : history.withMaxSeries((int) Math.min(Integer.MAX_VALUE, fit));
  }

  /**
   * Every bound at its full size must fit the heap: else an error at each bound's key, with the
   * bytes it needs and the heap that would hold them all.
   */
  private HeapBudget budget(List<BoundAt> bounds) {
    HeapBudget budget = new HeapBudget(bounds.stream().map(BoundAt::line).toList(), maxHeapBytes);
    if (!budget.fits()) {
      bounds.forEach(b -> b.section().error(b.bound().key(), budget.misfit(b.line())));
    }
    return budget;
  }

  private static HistoryConfig history(ConfigNode node) {
    String dataDir = node.string("data-dir", "");
    Duration window = node.duration("window", HistoryConfig.DEFAULT_WINDOW);
    if (window.compareTo(HistoryConfig.MAX_WINDOW) > 0) {
      node.error(
          "window",
          "invalid value '"
              + Units.formatDuration(window)
              + "': at most "
              + Units.formatDuration(HistoryConfig.MAX_WINDOW));
      window = HistoryConfig.MAX_WINDOW;
    }
    HistoryConfig config =
        new HistoryConfig(
            window,
            node.integer("max-series", HistoryConfig.DEFAULT_MAX_SERIES, 1, 10_000_000),
            node.duration("stale-after", HistoryConfig.DEFAULT_STALE_AFTER),
            dataDir.isBlank() ? Optional.empty() : Optional.of(Path.of(dataDir)),
            node.size("max-file-size", HistoryConfig.DEFAULT_MAX_FILE_BYTES));
    node.finish();
    return config;
  }

  private List<CollectorConfig> collectors(ConfigNode node, List<BoundAt> bounds) {
    List<CollectorConfig> collectors = new ArrayList<>();
    for (Map.Entry<String, ConfigNode> e : node.children().entrySet()) {
      String name = e.getKey();
      ConfigNode c = e.getValue();
      if (!COLLECTOR_NAME.matcher(name).matches()) {
        node.errorAtKey(
            name, "collector name '" + name + "' must be lower-case letters, digits and dashes");
      }
      collector(name, c)
          .ifPresent(
              cc -> {
                collectors.add(cc);
                cc.settings().heapBounds().forEach(b -> bounds.add(new BoundAt(c, b)));
              });
    }
    return collectors;
  }

  private Optional<CollectorConfig> collector(String name, ConfigNode node) {
    @Nullable String type = node.optionalString("type").orElse(null);
    Duration interval = node.duration("interval", CollectorConfig.DEFAULT_INTERVAL);
    Duration timeout = node.duration("timeout", min(CollectorConfig.DEFAULT_TIMEOUT, interval));
    boolean expose = node.bool("expose", true);
    boolean enabled = node.bool("enabled", true);
    if (timeout.compareTo(interval) > 0) {
      node.error(
          "timeout",
          "timeout "
              + Units.formatDuration(timeout)
              + " is longer than the interval "
              + Units.formatDuration(interval));
    }
    @Nullable CollectorSettings settings = null;
    if (type == null) {
      node.error("type", "missing 'type'; known types: " + String.join(", ", factories.types()));
    } else {
      Optional<CollectorFactory> factory = factories.find(type);
      if (factory.isEmpty()) {
        node.error(
            "type",
            "unknown collector type '"
                + type
                + "'; known types: "
                + String.join(", ", factories.types()));
      } else {
        settings = factory.get().parse(node);
        // Only a known type knows its keys; for an unknown one, the type is the one error.
        node.finish();
      }
    }
    if (type == null || settings == null || !enabled) {
      return Optional.empty();
    }
    return Optional.of(new CollectorConfig(name, type, interval, timeout, expose, settings));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
