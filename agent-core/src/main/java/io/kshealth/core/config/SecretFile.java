package io.kshealth.core.config;

import io.kshealth.api.ConfigSection;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A password or token kept in a file of its own ({@code password-file}, {@code bearer-token-file}),
 * as a mounted Kubernetes secret or a systemd credential holds it, so that no secret sits in the
 * config. Read when the config is loaded (a missing file is a config error) and again whenever the
 * secret is used, so that a rotated secret is picked up. A message names the file, never its text.
 */
public final class SecretFile {

  /** Beyond this a file is not a password or a token. */
  public static final int MAX_BYTES = 64 * 1024;

  private SecretFile() {}

  /**
   * The file's text, trimmed (an editor's trailing newline is not part of a secret).
   *
   * @param key the option that names the file, for messages: {@code password-file}
   */
  public static String read(Path file, String key) throws IOException {
    String text;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new IOException(key + " " + file + ": larger than 64 KiB; not a secret file");
      }
      text = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      throw new IOException("cannot read " + key + " " + file + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw new IOException("cannot read " + key + " " + file + ": permission denied", e);
    } catch (CharacterCodingException e) {
      throw new IOException("cannot read " + key + " " + file + ": not UTF-8 text", e);
    }
    if (text.isEmpty()) {
      throw new IOException(key + " " + file + " is empty");
    }
    return text;
  }

  /**
   * Reads the file named under {@code key}, if any, reporting through the node when it cannot be
   * read or is empty; returns the file's path (null when the key is absent).
   */
  public static @Nullable Path option(ConfigSection node, String key) {
    Path file = node.file(key);
    if (file != null) {
      try {
        read(file, key);
      } catch (IOException e) {
        node.error(key, Objects.toString(e.getMessage(), e.toString()));
      }
    }
    return file;
  }
}
