package io.kshealth.core.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
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
  private final Node root;

  private ConfigDocument(String fileName, ConfigVariables env, Node root) {
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

  /** Reads and parses a file whose {@code ${NAME}}s take their values from {@code variables}. */
  public static ConfigDocument read(Path file, ConfigVariables env) throws ConfigException {
    String name = file.toString();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      LoadSettings settings = LoadSettings.builder().setLabel(name).build();
      Optional<Node> root = new Compose(settings).composeReader(reader);
      return new ConfigDocument(name, env, root.orElse(null));
    } catch (NoSuchFileException e) {
      throw single(name, "cannot read config file: no such file");
    } catch (IOException e) {
      throw single(name, "cannot read config file: " + e);
    } catch (MarkedYamlEngineException e) {
      Mark mark = e.getProblemMark().orElse(null);
      throw new ConfigException(
          List.of(
              new ConfigError(
                  name,
                  mark == null ? 0 : mark.getLine() + 1,
                  mark == null ? 0 : mark.getColumn() + 1,
                  "",
                  "not valid YAML: " + e.getProblem())));
    } catch (YamlEngineException e) {
      throw single(name, "not valid YAML: " + e.getMessage());
    }
  }

  private static ConfigException single(String name, String message) {
    return new ConfigException(List.of(new ConfigError(name, 0, 0, "", message)));
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

  String location(Node at) {
    Mark mark = at == null ? null : at.getStartMark().orElse(null);
    return mark == null ? fileName : fileName + ":" + (mark.getLine() + 1);
  }

  void error(Node at, String path, String message) {
    Mark mark = at == null ? null : at.getStartMark().orElse(null);
    errors.add(
        new ConfigError(
            fileName,
            mark == null ? 0 : mark.getLine() + 1,
            mark == null ? 0 : mark.getColumn() + 1,
            path,
            message));
  }

  /**
   * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in a scalar with the environment's value
   * ({@code $$} is a literal {@code $}). An unset variable without a default is an error at the
   * scalar; the result is then null.
   */
  String substitute(String text, Node at, String path) {
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
          error(at, path, env.kind() + " " + m.group(1) + " is not set (in '" + text + "')");
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
