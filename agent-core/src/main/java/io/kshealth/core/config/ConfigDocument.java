package io.kshealth.core.config;

import io.kshealth.core.text.Redact;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * One YAML config file being read: its node tree, the environment for {@code ${VAR}} substitution
 * and the errors found so far. Errors are gathered, not thrown, so that one load reports all of
 * them; {@link #throwIfErrors()} ends the load.
 */
public final class ConfigDocument {

  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private final String fileName;
  private final ConfigVariables env;
  private final List<ConfigError> errors = new ArrayList<>();
  private final @Nullable Node root;

  private ConfigDocument(String fileName, ConfigVariables env, @Nullable Node root) {
    this.fileName = fileName;
    this.env = env;
    this.root = root;
  }

  /**
   * Reads and parses a file. A file that cannot be read or is not well-formed YAML fails at once
   * with the one error that says why; everything else is reported by the caller's reads.
   */
  public static ConfigDocument read(Path file, Function<String, String> env)
      throws ConfigException {
    return read(file, ConfigVariables.of(env));
  }

  /**
   * Reads and parses a file whose {@code ${NAME}}s take their values from {@code variables}. The
   * file must keep {@link YamlLimits}: its size, nesting, values and aliases are checked before it
   * is composed, so no file can overflow the stack or fill the heap.
   */
  public static ConfigDocument read(Path file, ConfigVariables env) throws ConfigException {
    String name = file.toString();
    String text = ConfigText.read(file);
    LoadSettings settings = YamlLimits.settings(name);
    try {
      Optional<ConfigError> tooLarge = YamlLimits.check(name, text, settings);
      if (tooLarge.isPresent()) {
        throw new ConfigException(List.of(tooLarge.get()));
      }
      Optional<Node> root = new Compose(settings).composeString(text);
      return new ConfigDocument(name, env, root.orElse(null));
    } catch (MarkedYamlEngineException e) {
      Mark mark = e.getProblemMark().orElse(null);
      throw mark == null
          ? notYaml(name, 0, 0, e.getProblem())
          : notYaml(name, mark.getLine() + 1, mark.getColumn() + 1, e.getProblem());
    } catch (ReaderException e) {
      // A character YAML does not allow, such as NUL: its position is counted in code points.
      int[] at = lineAndColumn(text, e.getPosition());
      throw notYaml(
          name,
          at[0],
          at[1],
          String.format(Locale.ROOT, "character U+%04X is not allowed", e.getCodePoint()));
    } catch (YamlEngineException e) {
      throw notYaml(name, 0, 0, Objects.toString(e.getMessage(), e.toString()));
    }
  }

  private static ConfigException notYaml(String name, int line, int column, String problem) {
    String message = Redact.text(Redact.oneLine(Objects.toString(problem, "")));
    return new ConfigException(
        List.of(new ConfigError(name, line, column, "", "not valid YAML: " + message)));
  }

  /** The 1-based line and column of a code point index in the text. */
  private static int[] lineAndColumn(String text, int codePointIndex) {
    int line = 1;
    int column = 1;
    int i = 0;
    for (int cp = 0; cp < codePointIndex && i < text.length(); cp++) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (c == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return new int[] {line, column};
  }

  /** Resolves a path written in this file: relative paths are relative to the file's directory. */
  Path resolve(String path) {
    Path dir = Path.of(fileName).toAbsolutePath().getParent();
    return dir == null ? Path.of(path) : dir.resolve(path);
  }

  /** The top-level map of the file. */
  public ConfigNode root() {
    return new ConfigNode(this, "", root);
  }

  /** Throws every error gathered so far, in file order; returns when there are none. */
  public void throwIfErrors() throws ConfigException {
    if (!errors.isEmpty()) {
      List<ConfigError> sorted = new ArrayList<>(errors);
      sorted.sort(Comparator.comparingInt(ConfigError::line).thenComparingInt(ConfigError::column));
      throw new ConfigException(sorted);
    }
  }

  String location(@Nullable Node at) {
    Mark mark = at == null ? null : at.getStartMark().orElse(null);
    return mark == null ? fileName : fileName + ":" + (mark.getLine() + 1);
  }

  void error(@Nullable Node at, String path, String message) {
    Mark mark = at == null ? null : at.getStartMark().orElse(null);
    errors.add(
        new ConfigError(
            fileName,
            mark == null ? 0 : mark.getLine() + 1,
            mark == null ? 0 : mark.getColumn() + 1,
            path,
            Redact.text(message)));
  }

  /**
   * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in a scalar with the environment's value
   * ({@code $$} is a literal {@code $}). An unset variable without a default is an error at the
   * scalar; the result is then null.
   */
  @Nullable String substitute(String text, Node at, String path) {
    if (text.indexOf('$') < 0) {
      return text;
    }
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    boolean ok = true;
    while (m.find()) {
      String replacement;
      if (m.group().equals("$$")) {
        replacement = "$";
      } else {
        String value = env.value(m.group(1), m.group(2));
        if (value != null && !(value.isEmpty() && m.group(2) != null)) {
          replacement = value;
        } else if (m.group(2) != null) {
          replacement = m.group(2);
        } else {
          error(
              at,
              path,
              env.kind() + " " + m.group(1) + " is not set (in " + Redact.quote(path, text) + ")");
          ok = false;
          replacement = "";
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return ok ? out.toString() : null;
  }
}
