package io.kshealth.core.config;

import io.kshealth.core.text.Redact;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The text of a config file, read with a bound: never more than {@link YamlLimits#MAX_BYTES} bytes
 * are held, so a huge file (or {@code /dev/zero}) is refused without filling the heap, and bytes
 * that are not UTF-8 are refused at their line and column.
 */
final class ConfigText {

  private ConfigText() {}

  static String read(Path file) throws ConfigException {
    String name = file.toString();
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(YamlLimits.MAX_BYTES + 1);
    } catch (NoSuchFileException e) {
      throw error(name, 0, 0, "cannot read config file: no such file");
    } catch (AccessDeniedException e) {
      throw error(name, 0, 0, "cannot read config file: permission denied");
    } catch (IOException e) {
      throw error(
          name,
          0,
          0,
          "cannot read config file: "
              + Redact.oneLine(Objects.toString(e.getMessage(), e.toString())));
    }
    if (bytes.length > YamlLimits.MAX_BYTES) {
      throw error(
          name,
          0,
          0,
          "file is larger than "
              + Units.formatSize(YamlLimits.MAX_BYTES)
              + ", the most a config, rule or rule-test file may hold");
    }
    return decode(name, bytes);
  }

  private static String decode(String name, byte[] bytes) throws ConfigException {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      int offset = in.position();
      int line = 1;
      int lineStart = 0;
      for (int i = 0; i < offset; i++) {
        if (bytes[i] == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      throw error(name, line, offset - lineStart + 1, "not UTF-8 text (byte " + offset + ")");
    }
    decoder.flush(out);
    return out.flip().toString();
  }

  private static ConfigException error(String name, int line, int column, String message) {
    return new ConfigException(List.of(new ConfigError(name, line, column, "", message)));
  }
}
