package io.kshealth.core.config;

import io.kshealth.api.ConfigSection;
import io.kshealth.core.text.Redact;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A YAML map in a config file, read key by key with typed accessors. A missing key yields the
 * default; a bad value is reported (with its line, column, path and value) and also yields the
 * default, so reading goes on and every error is found in one pass. {@link #finish()} reports the
 * keys nobody asked for.
 */
public final class ConfigNode implements ConfigSection {

  private final ConfigDocument doc;
  private final String path;
  private final @Nullable Node node;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
  private final Set<String> asked = new LinkedHashSet<>();

  ConfigNode(ConfigDocument doc, String path, @Nullable Node node) {
    this.doc = doc;
    this.path = path;
    this.node = node;
    if (node instanceof MappingNode map) {
      for (NodeTuple tuple : map.getValue()) {
        String key = tuple.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
        if (key == null) {
          doc.error(tuple.getKeyNode(), path, "keys must be plain words");
        } else if (entries.putIfAbsent(key, tuple) != null) {
          doc.error(tuple.getKeyNode(), pathOf(key), "duplicate key '" + key + "'");
        }
      }
    } else if (node != null && !isNull(node)) {
      doc.error(node, path, "expected a map of keys, got " + describe(path, node));
    }
  }

  @Override
  public String string(String key, String defaultValue) {
    return optionalString(key).orElse(defaultValue);
  }

  /** The text value under a key, empty when the key is absent (or its value is not text). */
  @Override
  public Optional<String> optionalString(String key) {
    return scalar(key, "a text value", s -> s);
  }

  @Override
  public Duration duration(String key, Duration defaultValue) {
    return scalar(key, "a duration like 30s or 5m", Units::parseDuration)
        .filter(d -> positive(key, !d.isZero()))
        .orElse(defaultValue);
  }

  /** A duration that may be zero, such as an alert's {@code for}. */
  @Override
  public Duration durationOrZero(String key, Duration defaultValue) {
    return scalar(key, "a duration like 30s or 5m", Units::parseDuration).orElse(defaultValue);
  }

  /** A file named under a key, relative to the config file's directory; null when absent. */
  @Override
  public @Nullable Path file(String key) {
    return optionalString(key).map(doc::resolve).orElse(null);
  }

  /** Where this map starts, as {@code file:line}, for messages about it after loading. */
  @Override
  public String location() {
    return doc.location(node);
  }

  @Override
  public long size(String key, long defaultValue) {
    return scalar(key, "a size like 64MiB", Units::parseSize).orElse(defaultValue);
  }

  @Override
  public int integer(String key, int defaultValue, int min, int max) {
    return scalar(key, "a whole number", Integer::parseInt)
        .filter(
            i -> {
              if (i < min || i > max) {
                error(key, "must be between " + min + " and " + max + ", got " + i);
                return false;
              }
              return true;
            })
        .orElse(defaultValue);
  }

  @Override
  public boolean bool(String key, boolean defaultValue) {
    return scalar(
            key,
            "true or false",
            s -> {
              if (s.equals("true") || s.equals("false")) {
                return Boolean.parseBoolean(s);
              }
              throw new IllegalArgumentException("expected true or false");
            })
        .orElse(defaultValue);
  }

  /**
   * One of an enum's constants, written in lower case with dashes ({@code JSON_LINES} is {@code
   * json-lines}).
   */
  @Override
  public <E extends Enum<E>> E choice(String key, E defaultValue) {
    Class<E> type = defaultValue.getDeclaringClass();
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      names.add(spelling(e));
    }
    return scalar(
            key,
            "one of " + names,
            s -> {
              for (E e : type.getEnumConstants()) {
                if (spelling(e).equals(s)) {
                  return e;
                }
              }
              throw new IllegalArgumentException("expected one of " + String.join(", ", names));
            })
        .orElse(defaultValue);
  }

  /** How {@link #choice} spells an enum constant in a file. */
  public static String spelling(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The keys written in this map, in file order, without counting them as read. */
  @Override
  public Set<String> keys() {
    return Collections.unmodifiableSet(entries.keySet());
  }

  /** Whether the key is written, without counting it as read. */
  @Override
  public boolean has(String key) {
    return entries.containsKey(key);
  }

  /** Whether the key is written with a value (not empty or null), without counting it as read. */
  @Override
  public boolean hasValue(String key) {
    NodeTuple t = entries.get(key);
    return t != null && !isNull(t.getValueNode());
  }

  /** The map under a key; an empty map when the key is absent. */
  @Override
  public ConfigNode map(String key) {
    asked.add(key);
    NodeTuple t = entries.get(key);
    return new ConfigNode(doc, pathOf(key), t == null ? null : t.getValueNode());
  }

  /**
   * The maps of a list under a key, each with its index in its path ({@code groups[0]}); an empty
   * list when the key is absent.
   */
  @Override
  public List<ConfigNode> list(String key) {
    List<ConfigNode> items = new ArrayList<>();
    for (Node item : sequence(key)) {
      items.add(new ConfigNode(doc, pathOf(key) + "[" + items.size() + "]", item));
    }
    return items;
  }

  /** A list of text values under a key; an empty list when the key is absent. */
  @Override
  public List<String> strings(String key) {
    List<String> values = new ArrayList<>();
    List<Node> items = sequence(key);
    for (int i = 0; i < items.size(); i++) {
      String itemPath = pathOf(key) + "[" + i + "]";
      if (items.get(i) instanceof ScalarNode s) {
        String text = doc.substitute(s.getValue(), s, itemPath);
        if (text != null) {
          values.add(text);
        }
      } else {
        doc.error(
            items.get(i),
            itemPath,
            "expected a text value, got " + describe(itemPath, items.get(i)));
      }
    }
    return values;
  }

  /** A map of text values under a key, in file order; an empty map when the key is absent. */
  @Override
  public Map<String, String> stringMap(String key) {
    ConfigNode child = map(key);
    Map<String, String> values = new LinkedHashMap<>();
    for (String name : child.entries.keySet()) {
      child.optionalString(name).ifPresent(value -> values.put(name, value));
    }
    return values;
  }

  /** Every entry of this map as a named child map, for maps whose keys the user chooses. */
  @Override
  public Map<String, ConfigNode> children() {
    Map<String, ConfigNode> children = new LinkedHashMap<>();
    entries.forEach(
        (key, t) -> {
          asked.add(key);
          children.put(key, new ConfigNode(doc, pathOf(key), t.getValueNode()));
        });
    return children;
  }

  /**
   * Reports a problem with a key's value (or with this map, when the key is absent). A dotted key
   * ({@code outbox.memory}) is looked up in the nested maps, down to the deepest one written.
   */
  @Override
  public void error(String key, String message) {
    doc.error(valueAt(key), pathOf(key), message);
  }

  private @Nullable Node valueAt(String dottedKey) {
    @Nullable Node at = node;
    Map<String, NodeTuple> map = entries;
    for (String key : dottedKey.split("\\.", -1)) {
      NodeTuple t = map.get(key);
      if (t == null) {
        return at;
      }
      at = t.getValueNode();
      map = new LinkedHashMap<>();
      if (at instanceof MappingNode m) {
        for (NodeTuple tuple : m.getValue()) {
          if (tuple.getKeyNode() instanceof ScalarNode s) {
            map.putIfAbsent(s.getValue(), tuple);
          }
        }
      }
    }
    return at;
  }

  /** The path in the file of a key of this map, such as {@code collectors.lag.interval}. */
  public String path(String key) {
    return pathOf(key);
  }

  /** Reports a problem with a key itself, such as a name that breaks a naming rule. */
  @Override
  public void errorAtKey(String key, String message) {
    NodeTuple t = entries.get(key);
    doc.error(t == null ? node : t.getKeyNode(), pathOf(key), message);
  }

  /** Reports every key of this map that no accessor asked for. */
  @Override
  public void finish() {
    entries.forEach(
        (key, t) -> {
          if (!asked.contains(key)) {
            String hint = closest(key).map(k -> "; did you mean '" + k + "'?").orElse("");
            doc.error(t.getKeyNode(), pathOf(key), "unknown key '" + key + "'" + hint);
          }
        });
  }

  private List<Node> sequence(String key) {
    asked.add(key);
    NodeTuple t = entries.get(key);
    if (t == null || isNull(t.getValueNode())) {
      return List.of();
    }
    if (t.getValueNode() instanceof SequenceNode seq) {
      return seq.getValue();
    }
    doc.error(
        t.getValueNode(),
        pathOf(key),
        "expected a list, got " + describe(pathOf(key), t.getValueNode()));
    return List.of();
  }

  private <T> Optional<T> scalar(String key, String expected, Function<String, T> parse) {
    asked.add(key);
    NodeTuple t = entries.get(key);
    if (t == null || isNull(t.getValueNode())) {
      return Optional.empty();
    }
    Node value = t.getValueNode();
    if (!(value instanceof ScalarNode scalar)) {
      doc.error(
          value, pathOf(key), "expected " + expected + ", got " + describe(pathOf(key), value));
      return Optional.empty();
    }
    String text = doc.substitute(scalar.getValue(), value, pathOf(key));
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse.apply(text));
    } catch (IllegalArgumentException e) {
      String reason = e instanceof NumberFormatException ? "expected " + expected : e.getMessage();
      doc.error(
          value, pathOf(key), "invalid value " + Redact.quote(pathOf(key), text) + ": " + reason);
      return Optional.empty();
    }
  }

  private boolean positive(String key, boolean ok) {
    if (!ok) {
      error(key, "must be greater than zero");
    }
    return ok;
  }

  private String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private Optional<String> closest(String key) {
    return closestName(key, asked.stream().filter(k -> !entries.containsKey(k)).toList());
  }

  /** The known name within two edits of {@code name} (a typo's likely meaning), if any. */
  public static Optional<String> closestName(String name, Collection<String> known) {
    String best = null;
    int bestDistance = 3;
    for (String candidate : known) {
      int d = editDistance(name, candidate);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
      }
      int[] swap = prev;
      prev = cur;
      cur = swap;
    }
    return prev[b.length()];
  }

  private static boolean isNull(Node n) {
    return n instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
  }

  /** A node for a message: its kind, or a scalar's value as {@link Redact#quote} shows it. */
  private static String describe(String path, Node n) {
    if (n instanceof MappingNode) {
      return "a map";
    }
    if (n instanceof SequenceNode) {
      return "a list";
    }
    return Redact.quote(path, ((ScalarNode) n).getValue());
  }
}
