package io.kshealth.core.config;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;

/**
 * The limits a YAML config, rule or rule-test file must keep, checked by one pass over the parser's
 * events before the file is composed into nodes: composing is recursive (a deep file overflows the
 * stack) and holds every node (a large one fills the heap), and an alias repeats a whole value (a
 * "billion laughs" file of a few lines stands for a billion values). The largest shipped file is 36
 * KB with 1,188 values and 8 levels, so each limit is far above any real file and far below what
 * the distribution's 32 MiB heap can hold: measured with its -Xmx32m, a 4 MiB scalar or 100,000
 * values filled the heap, while a file at these limits needs at most ~17 MiB while it is read.
 */
final class YamlLimits {

  /** Bytes of one file: 1 MiB, about 30 times the largest rule-test file we ship. */
  static final int MAX_BYTES = 1 << 20;

  /** Levels of nested maps and lists: 64, as promtool and most YAML libraries refuse deeper. */
  static final int MAX_DEPTH = 64;

  /**
   * Values (scalars, maps and lists), each alias counted as every value it repeats: 20,000, 17
   * times the largest shipped file, whose composed nodes take a few MiB of heap.
   */
  static final int MAX_NODES = 20_000;

  /** Characters of text, each alias counted as the text it repeats: as much as one file holds. */
  static final long MAX_CHARS = MAX_BYTES;

  private YamlLimits() {}

  /** The settings every file is parsed with: marks for positions, no recursive keys. */
  static LoadSettings settings(String label) {
    return LoadSettings.builder()
        .setLabel(label)
        .setCodePointLimit(MAX_BYTES)
        // The reader copies its window each time it reads this many more characters of a long
        // token: 1,024 by default made a 1 MiB scalar cost seconds (quadratic); the text is in
        // memory already, so a large window costs only its array.
        .setBufferSize(64 << 10)
        .setAllowRecursiveKeys(false)
        // A map or list as a key is composed, so that ConfigNode reports it at its position.
        .setAllowNonScalarKeys(true)
        // Our own pass counts what aliases stand for; this is snakeyaml-engine's own guard.
        .setMaxAliasesForCollections(1000)
        .build();
  }

  /**
   * The first limit the text breaks, as an error at the event that broke it. Not well-formed YAML
   * throws snakeyaml-engine's exception, as composing would.
   */
  static Optional<ConfigError> check(String file, String text, LoadSettings settings) {
    Counter counter = new Counter();
    for (Event event : new Parse(settings).parseString(text)) {
      String problem = counter.add(event);
      if (problem != null) {
        Mark mark = event.getStartMark().orElse(null);
        return Optional.of(
            new ConfigError(
                file,
                mark == null ? 0 : mark.getLine() + 1,
                mark == null ? 0 : mark.getColumn() + 1,
                "",
                problem));
      }
    }
    return Optional.empty();
  }

  /** Running totals over the events so far; each open collection sums what it holds. */
  private static final class Counter {

    /** A map or list not yet closed, with what it holds so far, aliases expanded. */
    private static final class Open {
      final @Nullable String anchor;
      long nodes = 1;
      long chars;

      Open(@Nullable String anchor) {
        this.anchor = anchor;
      }
    }

    private final Deque<Open> open = new ArrayDeque<>();
    private final Map<String, long[]> anchored = new HashMap<>();
    private long nodes;
    private long chars;

    /** Counts one event; returns the limit it breaks, or null. */
    @Nullable String add(Event event) {
      switch (event.getEventId()) {
        case SequenceStart, MappingStart -> {
          if (open.size() >= MAX_DEPTH) {
            return "maps and lists are nested deeper than " + MAX_DEPTH + " levels";
          }
          open.push(new Open(anchor((CollectionStartEvent) event)));
          return count(1, 0);
        }
        case SequenceEnd, MappingEnd -> {
          Open closed = open.pop();
          if (closed.anchor != null) {
            anchored.put(closed.anchor, new long[] {closed.nodes, closed.chars});
          }
          Open parent = open.peek();
          if (parent != null) {
            parent.nodes += closed.nodes;
            parent.chars += closed.chars;
          }
          return null;
        }
        case Scalar -> {
          ScalarEvent scalar = (ScalarEvent) event;
          int length = scalar.getValue().length();
          String anchor = anchor(scalar);
          if (anchor != null) {
            anchored.put(anchor, new long[] {1, length});
          }
          return addToOpen(1, length);
        }
        case Alias -> {
          String name = ((AliasEvent) event).getAlias().getValue();
          for (Open o : open) {
            if (name.equals(o.anchor)) {
              return "alias *"
                  + name
                  + " is inside the value it names: a value cannot contain itself";
            }
          }
          long[] size = anchored.getOrDefault(name, new long[] {1, 0});
          return addToOpen(size[0], size[1]);
        }
        default -> {
          return null;
        }
      }
    }

    private @Nullable String addToOpen(long n, long c) {
      Open top = open.peek();
      if (top != null) {
        top.nodes += n;
        top.chars += c;
      }
      return count(n, c);
    }

    private @Nullable String count(long n, long c) {
      nodes += n;
      chars += c;
      if (nodes > MAX_NODES) {
        return "more than "
            + MAX_NODES
            + " values (maps, lists and scalars, an alias counting as all it repeats)";
      }
      if (chars > MAX_CHARS) {
        return "more than "
            + MAX_CHARS
            + " characters of text (an alias counting as all it repeats)";
      }
      return null;
    }

    private static @Nullable String anchor(NodeEvent event) {
      return event.getAnchor().map(a -> a.getValue()).orElse(null);
    }
  }
}
