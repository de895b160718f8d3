package io.kshealth.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One map of the config file, such as a collector's or a notifier's options, read key by key with
 * typed accessors. A missing key yields the default; a bad value is reported (with the file, line,
 * column, path and value) and also yields the default, so reading goes on and every error of the
 * file is found in one pass. After the factory's {@code parse} returns, the agent reports every key
 * of the section it handed over that nobody asked for as unknown; a nested map ({@link #map},
 * {@link #list}, {@link #children}) is the reader's to {@link #finish}.
 *
 * <p>Durations are written like {@code 30s} or {@code 5m}, sizes like {@code 64MiB}.
 */
public interface ConfigSection {

  /** The text under a key; {@code defaultValue} when the key is absent. */
  String string(String key, String defaultValue);

  /** The text under a key; empty when the key is absent (or its value is not text). */
  Optional<String> optionalString(String key);

  /** A duration above zero. */
  Duration duration(String key, Duration defaultValue);

  /** A duration that may be zero. */
  Duration durationOrZero(String key, Duration defaultValue);

  /** A file named under a key, relative to the config file's directory; null when absent. */
  @Nullable Path file(String key);

  /** A size in bytes. */
  long size(String key, long defaultValue);

  /** A whole number from {@code min} to {@code max}. */
  int integer(String key, int defaultValue, int min, int max);

  boolean bool(String key, boolean defaultValue);

  /**
   * One of an enum's constants, written in lower case with dashes ({@code JSON_LINES} is {@code
   * json-lines}).
   */
  <E extends Enum<E>> E choice(String key, E defaultValue);

  /** The keys written in this map, in file order, without counting them as read. */
  Set<String> keys();

  /** Whether the key is written, without counting it as read. */
  boolean has(String key);

  /** Whether the key is written with a value (not empty or null), without counting it as read. */
  boolean hasValue(String key);

  /** The map under a key; an empty map when the key is absent. */
  ConfigSection map(String key);

  /** The maps of a list under a key; an empty list when the key is absent. */
  List<? extends ConfigSection> list(String key);

  /** A list of text values under a key; an empty list when the key is absent. */
  List<String> strings(String key);

  /** A map of text values under a key, in file order; an empty map when the key is absent. */
  Map<String, String> stringMap(String key);

  /** Every entry of this map as a named child map, for maps whose keys the user chooses. */
  Map<String, ? extends ConfigSection> children();

  /** Where this map starts, as {@code file:line}, for messages about it after loading. */
  String location();

  /**
   * Reports a problem with a key's value (or with this map, when the key is absent): the config
   * then fails to load, with this message among all others.
   */
  void error(String key, String message);

  /** Reports a problem with a key itself, such as a name that breaks a naming rule. */
  void errorAtKey(String key, String message);

  /**
   * Reports every key of this map that no accessor asked for, as unknown (with the closest known
   * key as a hint). Call it once on each nested map after reading it; never on the section a
   * factory was handed, which the agent finishes.
   */
  void finish();
}
