package io.kshealth.dist.docs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * The names a Markdown or YAML text mentions: metric names (with the docs' shorthand expanded),
 * config keys, command-line flags and environment variables, each with its line.
 *
 * <p>The shorthand: after a full name, a code span that starts with {@code _} names a sibling of
 * the last name before it in the same paragraph, replacing a tail of it: after {@code
 * kshealth_process_up}, {@code `_cpu_seconds_total`} is {@code kshealth_process_cpu_seconds_total};
 * after {@code kshealth_streams_thread_commit_latency_avg_seconds}, {@code `_max_seconds`} is
 * {@code kshealth_streams_thread_commit_latency_max_seconds}. Which tail it replaces is not written
 * down, so the longest prefix whose expansion the agent emits wins; {@code `_load1/5/15`} is {@code
 * _load1}, {@code _load5} and {@code _load15}; labels ({@code {gc}}) are dropped. Only Markdown
 * outside code fences uses the shorthand; YAML files and fences are read as code.
 */
final class DocNames {

  /** What a name is; each kind is checked against its own part of the code. */
  enum Kind {
    METRIC,
    CONFIG_KEY,
    FLAG,
    ENV
  }

  /** A name as a text writes it, at a 1-based line. */
  record Mention(Kind kind, String name, int line) {}

  /**
   * A metric name where it starts (not inside another name, a path or a Java package), with a
   * trailing {@code _*} for a family written as a wildcard ({@code kshealth_rocksdb_*}).
   */
  private static final Pattern METRIC =
      Pattern.compile(
          "(?<![A-Za-z0-9_./:-])(?:kshealth|jvm|process|system)_(?:[a-z0-9_]*\\*|[a-z0-9_]*[a-z0-9])");

  private static final Pattern SPAN = Pattern.compile("`([^`]+)`");
  private static final Pattern SHORTHAND =
      Pattern.compile("(_[a-z0-9_]*[a-z0-9])((?:/[a-z0-9]+)*)(?:\\{[^}]*\\}?)?");
  private static final Pattern DOTTED_KEY =
      Pattern.compile("[a-z][a-z0-9_-]*(?:\\.(?:[a-z][a-z0-9_-]*|<[a-z-]+>))+");
  private static final Pattern COLON_KEY = Pattern.compile("([a-z][a-z0-9_-]*):(?:\\s.*)?");
  private static final Pattern FLAG = Pattern.compile("(--[a-z][a-z0-9.-]*)(?:[ =].*)?");
  private static final Pattern ENV =
      Pattern.compile("(?<![A-Za-z0-9_])(KSHEALTH_[A-Z0-9_]*[A-Z0-9]|JAVA_OPTS|JAVA_HOME)\\b");
  private static final Pattern FENCE = Pattern.compile("\\s*(```|~~~).*");
  private static final Pattern HEADING_OR_RULE = Pattern.compile("\\s*(#|---|\\|-).*");

  private final Predicate<String> emitted;
  private final Predicate<String> configRoot;

  /**
   * @param emitted whether the agent emits a metric family of this name; picks the expansion of a
   *     shorthand
   * @param configRoot whether a word is a top-level section of the config file, which tells a
   *     dotted config key ({@code http.listen}) from a Kafka or JDK property ({@code state.dir})
   */
  DocNames(Predicate<String> emitted, Predicate<String> configRoot) {
    this.emitted = emitted;
    this.configRoot = configRoot;
  }

  /** Everything a Markdown text names; code fences are read as code (no spans, no shorthand). */
  List<Mention> markdown(String text) {
    List<Mention> out = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    int paragraphStart = 0;
    boolean inFence = false;
    for (int i = 0; i <= lines.length; i++) {
      boolean end = i == lines.length;
      boolean fence = !end && FENCE.matcher(lines[i]).matches();
      boolean breaks = end || fence || lines[i].isBlank() || (!inFence && isHeading(lines[i]));
      if (inFence) {
        if (fence || end) {
          code(join(lines, paragraphStart, i), paragraphStart + 1, out);
          inFence = false;
          paragraphStart = i + 1;
        }
        continue;
      }
      if (breaks) {
        paragraph(join(lines, paragraphStart, i), paragraphStart + 1, out);
        if (!end && isHeading(lines[i])) {
          paragraph(lines[i], i + 1, out);
        }
        inFence = fence;
        paragraphStart = i + 1;
      }
    }
    return out;
  }

  /** Everything a YAML (or other code) text names: full metric names and environment variables. */
  List<Mention> code(String text) {
    List<Mention> out = new ArrayList<>();
    code(text, 1, out);
    return out;
  }

  private void code(String text, int firstLine, List<Mention> out) {
    LineIndex index = new LineIndex(text, firstLine);
    Matcher m = METRIC.matcher(text);
    while (m.find()) {
      out.add(new Mention(Kind.METRIC, m.group(), index.lineOf(m.start())));
    }
    env(text, index, out);
  }

  private void paragraph(String text, int firstLine, List<Mention> out) {
    if (text.isBlank()) {
      return;
    }
    LineIndex index = new LineIndex(text, firstLine);
    List<Found> found = new ArrayList<>();
    Matcher m = METRIC.matcher(text);
    while (m.find()) {
      found.add(new Found(m.start(), m.group(), false));
    }
    Matcher span = SPAN.matcher(text);
    while (span.find()) {
      String content = span.group(1);
      int line = index.lineOf(span.start());
      if (SHORTHAND.matcher(content).matches()) {
        found.add(new Found(span.start(), content, true));
      } else if (DOTTED_KEY.matcher(content).matches()
          && configRoot.test(content.substring(0, content.indexOf('.')))) {
        out.add(new Mention(Kind.CONFIG_KEY, content, line));
      } else if (COLON_KEY.matcher(content).matches()) {
        Matcher key = COLON_KEY.matcher(content);
        key.matches();
        out.add(new Mention(Kind.CONFIG_KEY, key.group(1), line));
      } else if (FLAG.matcher(content).matches()) {
        Matcher flag = FLAG.matcher(content);
        flag.matches();
        out.add(new Mention(Kind.FLAG, flag.group(1), line));
      }
    }
    found.sort(Comparator.comparingInt(Found::offset));
    String anchor = null;
    for (Found f : found) {
      int line = index.lineOf(f.offset());
      if (!f.shorthand()) {
        out.add(new Mention(Kind.METRIC, f.text(), line));
        anchor = f.text().endsWith("*") ? null : f.text();
        continue;
      }
      for (String shorthand : slashForms(f.text())) {
        Optional<String> expanded = expand(anchor, shorthand);
        out.add(new Mention(Kind.METRIC, expanded.orElse(unresolved(anchor, shorthand)), line));
        if (expanded.isPresent()) {
          anchor = expanded.get();
        }
      }
    }
    env(text, index, out);
  }

  /** The longest prefix of the anchor, cut at an underscore, that makes an emitted name. */
  private Optional<String> expand(String anchor, String shorthand) {
    if (anchor == null) {
      return Optional.empty();
    }
    for (int cut = anchor.lastIndexOf('_'); cut > 0; cut = anchor.lastIndexOf('_', cut - 1)) {
      String candidate = anchor.substring(0, cut) + shorthand;
      if (emitted.test(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static String unresolved(String anchor, String shorthand) {
    return anchor == null
        ? "`" + shorthand + "` (shorthand with no full name before it in its paragraph)"
        : "`" + shorthand + "` after " + anchor + " (no sibling of that name)";
  }

  /** {@code _load1/5/15} is {@code _load1}, {@code _load5}, {@code _load15}; labels dropped. */
  static List<String> slashForms(String shorthand) {
    Matcher m = SHORTHAND.matcher(shorthand);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a shorthand: " + shorthand);
    }
    String first = m.group(1);
    List<String> forms = new ArrayList<>(List.of(first));
    String stem = first.replaceFirst("[0-9]+$", "");
    for (String more : m.group(2).split("/")) {
      if (!more.isEmpty()) {
        forms.add(more.matches("[0-9]+") ? stem + more : first + "_" + more);
      }
    }
    return forms;
  }

  private static void env(String text, LineIndex index, List<Mention> out) {
    Matcher m = ENV.matcher(text);
    while (m.find()) {
      out.add(new Mention(Kind.ENV, m.group(1), index.lineOf(m.start())));
    }
  }

  private static boolean isHeading(String line) {
    return HEADING_OR_RULE.matcher(line).matches();
  }

  private static String join(String[] lines, int from, int to) {
    return String.join("\n", Arrays.asList(lines).subList(from, to));
  }

  private record Found(int offset, String text, boolean shorthand) {}

  /** Offsets in a text to line numbers. */
  private static final class LineIndex {
    private final int[] lineStarts;
    private final int firstLine;

    LineIndex(String text, int firstLine) {
      this.lineStarts =
          IntStream.concat(
                  IntStream.of(0),
                  IntStream.range(0, text.length())
                      .filter(i -> text.charAt(i) == '\n')
                      .map(i -> i + 1))
              .toArray();
      this.firstLine = firstLine;
    }

    int lineOf(int offset) {
      int found = Arrays.binarySearch(lineStarts, offset);
      return firstLine + (found >= 0 ? found : -found - 2);
    }
  }
}
