package io.kshealth.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A memory cgroup with a limit, made for one test (the tests run as root, as CI does): the sample
 * app is moved into it, so its headroom is measured against a limit of the test's choosing and only
 * its own memory counts. cgroup v1's memory hierarchy where mounted, else cgroup v2.
 */
final class TestCgroup implements AutoCloseable {

  private static final Path V1 = Path.of("/sys/fs/cgroup/memory");
  private static final Path V2 = Path.of("/sys/fs/cgroup");

  private final Path dir;
  private final boolean v1;

  private TestCgroup(Path dir, boolean v1) {
    this.dir = dir;
    this.v1 = v1;
  }

  static TestCgroup create(String name, long limitBytes) throws IOException {
    boolean v1 = Files.isRegularFile(V1.resolve("memory.limit_in_bytes"));
    if (!v1 && !Files.readString(V2.resolve("cgroup.subtree_control")).contains("memory")) {
      throw new IllegalStateException(
          "no memory cgroup can be made here: neither "
              + V1
              + " (v1) nor a memory controller in "
              + V2.resolve("cgroup.subtree_control")
              + " (v2)");
    }
    Path dir = Files.createDirectory((v1 ? V1 : V2).resolve(name));
    TestCgroup cgroup = new TestCgroup(dir, v1);
    try {
      cgroup.write(v1 ? "memory.limit_in_bytes" : "memory.max", Long.toString(limitBytes));
    } catch (IOException e) {
      cgroup.close();
      throw e;
    }
    return cgroup;
  }

  void add(long pid) throws IOException {
    write("cgroup.procs", Long.toString(pid));
  }

  private void write(String file, String value) throws IOException {
    Files.writeString(dir.resolve(file), value);
  }

  /** Removes the cgroup; its processes must have exited. */
  @Override
  public void close() throws IOException {
    Files.delete(dir);
  }

  @Override
  public String toString() {
    return dir + (v1 ? " (v1)" : " (v2)");
  }
}
