package io.kshealth.collectors.support.disk;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A path as it is on disk, or while it does not exist (Kafka Streams creates its state dir when the
 * app first starts) its nearest existing parent: the filesystem the path will live on.
 *
 * @param realPath the path or that parent, with symlinks resolved
 * @param exists whether {@code realPath} is the path itself
 */
public record ExistingPath(Path realPath, boolean exists) {

  /** How a path's real form is found; tests put a fake filesystem behind it. */
  @FunctionalInterface
  public interface RealPaths {
    /** The path with symlinks resolved; {@link NoSuchFileException} when it does not exist. */
    Path realPath(Path path) throws IOException;
  }

  public static ExistingPath nearest(Path start, RealPaths paths) throws IOException {
    for (Path p = start; p != null; p = p.getParent()) {
      try {
        return new ExistingPath(paths.realPath(p), p.equals(start));
      } catch (NoSuchFileException notYet) {
        // try the parent
      }
    }
    throw new IOException(start + ": no part of the path exists");
  }
}
