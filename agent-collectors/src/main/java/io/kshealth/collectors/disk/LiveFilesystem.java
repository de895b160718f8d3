package io.kshealth.collectors.disk;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the collector asks of the filesystem its path is on, as opposed to the {@code /proc} and
 * {@code /sys} files it reads: tests replace this part, since they cannot choose the space on the
 * disk they run on.
 */
interface LiveFilesystem {

  /** The path with symlinks resolved; it must exist. */
  Path realPath(Path path) throws IOException;

  FilesystemUsage usage(Path realPath) throws IOException;

  Inodes inodes(Path realPath) throws IOException, InterruptedException;

  /** The filesystem itself: java.nio for space, coreutils' stat for inodes. */
  static LiveFilesystem system() {
    InodeCommand stat = InodeCommand.coreutilsStat();
    return new LiveFilesystem() {
      @Override
      public Path realPath(Path path) throws IOException {
        return path.toRealPath();
      }

      @Override
      public FilesystemUsage usage(Path realPath) throws IOException {
        FileStore store = Files.getFileStore(realPath);
        return new FilesystemUsage(
            store.getTotalSpace(), store.getUnallocatedSpace(), store.getUsableSpace());
      }

      @Override
      public Inodes inodes(Path realPath) throws IOException, InterruptedException {
        return stat.run(realPath);
      }
    };
  }
}
