package com.example.kshealth.collector;

import io.kshealth.api.Collector;
import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reports a file's size; a file that cannot be read fails the run (the agent counts it). */
final class FileSizeCollector implements Collector {

  static final Metric FILE_BYTES =
      Metric.gauge("kshealth_example_file_bytes", "Size of the watched file, in bytes.");

  private final Path file;

  FileSizeCollector(Path file) {
    this.file = file;
  }

  @Override
  public void collect(Snapshot.Builder out) throws IOException {
    out.add(FILE_BYTES, Labels.of("path", file.toString()), Files.size(file));
  }

  @Override
  public Optional<String> target() {
    return Optional.of(file.toString());
  }
}
