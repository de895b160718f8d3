package com.example.kshealth.collector;

import io.kshealth.api.CollectorFactory;
import io.kshealth.api.CollectorSettings;
import io.kshealth.api.ConfigSection;
import java.nio.file.Path;

/**
 * {@code type: example-file}: the size of one file, as {@code kshealth_example_file_bytes}.
 *
 * <pre>{@code
 * collectors:
 *   spool:
 *     type: example-file
 *     path: /var/spool/app/queue.dat
 * }</pre>
 */
public final class FileSizeCollectorFactory implements CollectorFactory {

  @Override
  public String type() {
    return "example-file";
  }

  @Override
  public CollectorSettings parse(ConfigSection options) {
    Path file = options.file("path");
    if (file == null) {
      options.error("path", "missing 'path': the file whose size to report");
    }
    return context -> new FileSizeCollector(file);
  }
}
