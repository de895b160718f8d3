package io.kshealth.collectors.support.cgroup;

import java.nio.file.Path;

/**
 * The directory of one controller's cgroup.
 *
 * @param controller such as {@code memory}
 * @param v2 whether the controller is on the unified tree, which decides the files' names
 * @param path the directory as the reader's mount table places it, such as {@code
 *     /sys/fs/cgroup/memory/docker/3f2a}
 * @param files where to read it: {@code path} under the file-system root given to {@link Cgroups}
 */
public record CgroupDir(String controller, boolean v2, String path, Path files) {}
