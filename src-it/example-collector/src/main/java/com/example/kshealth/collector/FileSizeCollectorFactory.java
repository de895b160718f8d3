package com.example.kshealth.collector;

import io.kshealth.core.collect.CollectorFactory;
import io.kshealth.core.collect.CollectorSettings;
import io.kshealth.core.config.ConfigNode;
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
  public CollectorSettings parse(ConfigNode options) {
    Path file = options.file("path");
    if (file == null) {
      options.error("path", "missing 'path': the file whose size to report");
    }
    return context -> new FileSizeCollector(file);
  }
}
