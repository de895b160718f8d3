package io.kshealth.collectors.support.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One disk's counters from {@code /proc/diskstats}, whose lines are "major minor name" and then the
 * fields of the kernel's Documentation/admin-guide/iostats.rst: reads completed, reads merged,
 * sectors read, ms reading, writes completed, writes merged, sectors written, ms writing, I/Os in
 * progress, ms doing I/O, weighted ms; newer kernels append discard and flush fields, unused here.
 *
 * @param readMillis time spent reading, summed over all reads (so it grows faster than the clock
 *     when reads overlap)
 * @param ioMillis time during which at least one I/O was in flight
 * @param weightedIoMillis time spent doing I/O, weighted by the number of I/Os in flight
 */
public record DiskStats(
    long readsCompleted,
    long sectorsRead,
    long readMillis,
    long writesCompleted,
    long sectorsWritten,
    long writeMillis,
    long ioInProgress,
    long ioMillis,
    long weightedIoMillis) {

  /** diskstats counts in 512-byte units whatever the disk's own sector size. */
  public static final long SECTOR_BYTES = 512;

  /** major, minor, name and the eleven fields every kernel since 2.6 prints. */
  private static final int MIN_FIELDS = 14;

  /**
   * The line of the disk with this device number. Every line is checked, so that a file cut short
   * or in an unknown format fails the run rather than giving wrong numbers.
   */
  public static DiskStats read(Path file, String majorMinor) throws IOException {
    List<String> lines = Files.readAllLines(file);
    DiskStats found = null;
    for (int i = 0; i < lines.size(); i++) {
      String where = file + " line " + (i + 1);
      String[] f = lines.get(i).trim().split("\\s+");
      if (f.length < MIN_FIELDS) {
        throw new IOException(
            where
                + ": expected major, minor, name and at least 11 counters, got "
                + f.length
                + " fields: '"
                + lines.get(i)
                + "'");
      }
      long[] v = new long[f.length];
      for (int j = 0; j < f.length; j++) {
        // Field 3 is the name; all the others are unsigned decimal numbers.
        v[j] = j == 2 ? 0 : number(f[j], where, j);
      }
      if ((f[0] + ":" + f[1]).equals(majorMinor)) {
        found = new DiskStats(v[3], v[5], v[6], v[7], v[9], v[10], v[11], v[12], v[13]);
      }
    }
    if (lines.isEmpty()) {
      throw new IOException(file + " is empty");
    }
    if (found == null) {
      throw new IOException(file + " has no line for device " + majorMinor);
    }
    return found;
  }

  private static long number(String text, String where, int index) throws IOException {
    try {
      long n = Long.parseLong(text);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IOException(where + ": field " + (index + 1) + " is not a count: '" + text + "'");
    }
  }
}
