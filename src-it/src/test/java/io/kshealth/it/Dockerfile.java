package io.kshealth.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

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

    @Override
    public String toString() {
      return "line " + line + ": " + keyword + " " + arguments;
    }
  }

  private Dockerfile() {}

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
