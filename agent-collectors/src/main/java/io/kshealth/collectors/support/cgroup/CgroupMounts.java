package io.kshealth.collectors.support.cgroup;

import io.kshealth.collectors.support.disk.MountInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The cgroup file systems among the mounts of a {@code mountinfo} file ({@link MountInfo} parses
 * it): {@code 36 35 98:0 /root /mount/point rw,relatime shared:1 - cgroup cgroup rw,memory}.
 */
final class CgroupMounts {

  /**
   * One mount of a cgroup hierarchy.
   *
   * @param root the cgroup the mount shows as its top directory, such as {@code /} or {@code
   *     /docker/3f2a} (a container sees only its own part of the tree)
   * @param superOptions for a v1 hierarchy, its controllers among the other options
   */
  record Mount(String root, String mountPoint, boolean v2, Set<String> superOptions) {}

  private CgroupMounts() {}

  /** The cgroup mounts (v1 and v2) in the file, in its order. */
  static List<Mount> read(Path mountinfo) throws IOException {
    List<Mount> mounts = new ArrayList<>();
    for (MountInfo.Line line : MountInfo.lines(mountinfo)) {
      String type = line.fsType();
      if (type.equals("cgroup") || type.equals("cgroup2")) {
        mounts.add(
            new Mount(
                line.root(),
                line.mountPoint().toString(),
                type.equals("cgroup2"),
                Set.copyOf(line.superOptions())));
      }
    }
    return mounts;
  }
}
