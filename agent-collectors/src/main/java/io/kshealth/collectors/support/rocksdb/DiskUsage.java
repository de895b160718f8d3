package io.kshealth.collectors.support.rocksdb;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.OptionalLong;

/**
 * The bytes of the regular files under a directory (their apparent sizes, as {@code du -b} counts
 * them, without the directories themselves). Lists directories and reads attributes only; follows
 * no links.
 *
 * <p>RocksDB deletes files while we walk (compaction, a dropped segment, a task cleaned up after a
 * rebalance): a file or directory that is gone by the time we reach it is skipped, not an error.
 */
final class DiskUsage implements FileVisitor<Path> {

  private final Path root;
  private boolean rootSeen;
  private long bytes;

  private DiskUsage(Path root) {
    this.root = root;
  }

  /** The total; empty when {@code dir} itself no longer exists. */
  static OptionalLong of(Path dir) throws IOException {
    DiskUsage usage = new DiskUsage(dir);
    Files.walkFileTree(dir, usage);
    return usage.rootSeen ? OptionalLong.of(usage.bytes) : OptionalLong.empty();
  }

  @Override
  public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
    // A store can hold thousands of files; the scheduler interrupts a run that takes too long.
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedIOException("interrupted while reading " + dir);
    }
    rootSeen |= dir.equals(root);
    return FileVisitResult.CONTINUE;
  }

  @Override
  public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
    rootSeen |= file.equals(root);
    if (attrs.isRegularFile()) {
      bytes += attrs.size();
    }
    return FileVisitResult.CONTINUE;
  }

  @Override
  public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
    if (e instanceof NoSuchFileException) {
      return FileVisitResult.CONTINUE;
    }
    throw e;
  }

  @Override
  public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
    if (e != null && !(e instanceof NoSuchFileException)) {
      throw e;
    }
    return FileVisitResult.CONTINUE;
  }
}
