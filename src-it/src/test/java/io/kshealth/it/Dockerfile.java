package io.kshealth.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The instructions of a Dockerfile: continuation lines joined, comments dropped. */
final class Dockerfile {

  /** One instruction: its keyword in upper case, its arguments as written, its first line. */
  record Instruction(String keyword, String arguments, int line) {

    /** Exec form ({@code ["a", "b"]}) parsed as JSON, else shell form split on whitespace. */
    List<String> words() throws IOException {
      if (arguments.startsWith("[")) {
        return Json.array(Json.parse(arguments)).stream().map(String::valueOf).toList();
      }
      return Arrays.asList(arguments.split("\\s+"));
    }

    /** The value of option {@code --name=value} ({@code COPY --from=runtime}), if given. */
    Optional<String> option(String name) throws IOException {
      String prefix = "--" + name + "=";
      return words().stream()
          .filter(word -> word.startsWith(prefix))
          .map(word -> word.substring(prefix.length()))
          .findFirst();
    }

    /** The operands: the words that are not {@code --options}. */
    List<String> operands() throws IOException {
      return words().stream().filter(word -> !word.startsWith("--")).toList();
    }

    /** {@code ENV A=1 B=2} as {@code {A=1, B=2}}; unquoted values only, as this project writes. */
    Map<String, String> assignments() throws IOException {
      Map<String, String> assignments = new LinkedHashMap<>();
      for (String word : words()) {
        int equals = word.indexOf('=');
        if (equals < 1 || word.contains("\"") || word.contains("'") || word.contains("$")) {
          throw new AssertionError("only NAME=value without quotes or $ is understood: " + this);
        }
        assignments.put(word.substring(0, equals), word.substring(equals + 1));
      }
      return assignments;
    }

    @Override
    public String toString() {
      return "line " + line + ": " + keyword + " " + arguments;
    }
  }

  private Dockerfile() {}

  /** The instructions after the last FROM: those that make the image. */
  static List<Instruction> finalStage(Path file) throws IOException {
    List<Instruction> instructions = parse(file);
    int from = 0;
    for (int i = 0; i < instructions.size(); i++) {
      if (instructions.get(i).keyword().equals("FROM")) {
        from = i + 1;
      }
    }
    return instructions.subList(from, instructions.size());
  }

  static List<Instruction> parse(Path file) throws IOException {
    List<Instruction> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int start = 0;
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.startsWith("#") || (line.isEmpty() && current.length() == 0)) {
        continue;
      }
      if (current.length() == 0) {
        start = i + 1;
      }
      boolean continued = line.endsWith("\\");
      current.append(continued ? line.substring(0, line.length() - 1) : line).append(' ');
      if (!continued) {
        String text = current.toString().strip();
        String[] parts = text.split("\\s+", 2);
        instructions.add(
            new Instruction(
                parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : "", start));
        current.setLength(0);
      }
    }
    return instructions;
  }
}
