package io.kshealth.api;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An immutable set of label name/value pairs, kept sorted by name so that equal sets compare equal
 * whatever order they were given in.
 *
 * <pre>{@code
 * Labels.of("store", "counts", "task", "0_1")
 * }</pre>
 */
public final class Labels implements Comparable<Labels> {

  public static final Labels EMPTY = new Labels(new String[0], new String[0]);

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private final String[] names;
  private final String[] values;
  private final int hash;

  private Labels(String[] names, String[] values) {
    this.names = names;
    this.values = values;
    this.hash = 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
  }

  /** Labels from alternating names and values. */
  public static Labels of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("labels need name/value pairs");
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (map.put(namesAndValues[i], namesAndValues[i + 1]) != null) {
        throw new IllegalArgumentException("duplicate label " + namesAndValues[i]);
      }
    }
    return of(map);
  }

  public static Labels of(Map<String, String> map) {
    String[] n = map.keySet().toArray(new String[0]);
    Arrays.sort(n);
    String[] v = new String[n.length];
    for (int i = 0; i < n.length; i++) {
      if (!NAME.matcher(n[i]).matches() || n[i].startsWith("__")) {
        throw new IllegalArgumentException("invalid label name: " + n[i]);
      }
      v[i] = map.get(n[i]);
      if (v[i] == null) {
        throw new IllegalArgumentException("label " + n[i] + " has no value");
      }
    }
    return n.length == 0 ? EMPTY : new Labels(n, v);
  }

  /** These labels plus one more, or with the named one's value replaced. */
  public Labels and(String name, String value) {
    Map<String, String> map = asMap();
    map.put(name, value);
    return of(map);
  }

  /** The labels as a map, sorted by name. */
  public Map<String, String> asMap() {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      map.put(names[i], values[i]);
    }
    return map;
  }

  public int size() {
    return names.length;
  }

  public String name(int i) {
    return names[i];
  }

  public String value(int i) {
    return values[i];
  }

  /** The value of the named label, or null when it has none. */
  public @Nullable String get(String name) {
    int i = Arrays.binarySearch(names, name);
    return i < 0 ? null : values[i];
  }

  @Override
  public int compareTo(Labels other) {
    int n = Math.min(names.length, other.names.length);
    for (int i = 0; i < n; i++) {
      int c = names[i].compareTo(other.names[i]);
      if (c == 0) {
        c = values[i].compareTo(other.values[i]);
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(names.length, other.names.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Labels l
        && hash == l.hash
        && Arrays.equals(names, l.names)
        && Arrays.equals(values, l.values);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < names.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(names[i]).append("=\"").append(values[i]).append('"');
    }
    return sb.append('}').toString();
  }
}
