package io.kshealth.core.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * One line naming the path and the reason of a failed file operation. The JDK's {@code
 * AccessDeniedException} says only the path ("/var/lib/kshealth"), which reads like anything.
 */
public final class IoErrors {

  private IoErrors() {}

  /** Such as {@code /var/lib/kshealth/outbox: permission denied}. */
  public static String describe(IOException e) {
    if (e instanceof FileSystemException fs && fs.getFile() != null) {
      String reason = fs.getReason() != null ? fs.getReason() : reason(fs);
      return fs.getFile()
          + (fs.getOtherFile() != null ? " -> " + fs.getOtherFile() : "")
          + ": "
          + reason;
    }
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }

  private static String reason(FileSystemException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "exists already";
    }
    if (e instanceof NotDirectoryException) {
      return "not a directory";
    }
    if (e instanceof DirectoryNotEmptyException) {
      return "directory not empty";
    }
    return e.getClass().getSimpleName();
  }
}
