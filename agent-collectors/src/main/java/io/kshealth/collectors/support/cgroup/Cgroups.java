package io.kshealth.collectors.support.cgroup;

import io.kshealth.collectors.support.cgroup.CgroupMembership.Line;
import io.kshealth.collectors.support.cgroup.CgroupMounts.Mount;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where one process's memory and CPU cgroups are, and their readings.
 *
 * <p>Each controller is looked up on its own, because a hybrid host splits them: a controller named
 * on a v1 line of {@code /proc/<pid>/cgroup} lives in that v1 hierarchy; any other is on the v2
 * tree (the {@code 0::} line) only if the reader has a cgroup2 mount and the cgroup's {@code
 * cgroup.controllers} lists it. The {@code 0::} line alone proves nothing: hybrid hosts print it
 * too. The mounts come from the reader's own {@code mountinfo}, since the directories are opened by
 * the reader: a container sees its own cgroup as the top of the mount, so the directory is the
 * mount point plus the cgroup's path below the mount's root. A cgroup outside every mount's root is
 * not visible from here, which {@link #problems()} says.
 *
 * <pre>{@code
 * Optional<CgroupMemory> memory = Cgroups.ofThisProcess().readMemory();
 * OptionalLong limit = memory.map(CgroupMemory::limitBytes).orElse(OptionalLong.empty());
 * }</pre>
 */
public final class Cgroups {

  public static final Path PROC = Path.of("/proc");
  public static final Path ROOT = Path.of("/");

  private static final List<String> CONTROLLERS = List.of("memory", "cpu", "cpuacct");

  private final Optional<CgroupVersion> version;
  private final Map<String, CgroupDir> dirs;
  private final List<String> problems;

  private Cgroups(
      Optional<CgroupVersion> version, Map<String, CgroupDir> dirs, List<String> problems) {
    this.version = version;
    this.dirs = Map.copyOf(dirs);
    this.problems = List.copyOf(problems);
  }

  /** The cgroups of the process this code runs in. */
  public static Cgroups ofThisProcess() throws IOException {
    return of(PROC, ROOT, ProcessHandle.current().pid());
  }

  /**
   * Finds a process's cgroups.
   *
   * @param proc the {@code /proc} tree: the process's {@code <pid>/cgroup} and the reader's {@code
   *     self/mountinfo}
   * @param root the file system's root, under which the mount points are
   * @throws NoSuchFileException when the process is not there
   */
  public static Cgroups of(Path proc, Path root, long pid) throws IOException {
    CgroupMembership membership =
        CgroupMembership.read(proc.resolve(Long.toString(pid)).resolve("cgroup"));
    List<Mount> mounts = CgroupMounts.read(proc.resolve("self").resolve("mountinfo"));
    Map<String, CgroupDir> dirs = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (String controller : CONTROLLERS) {
      Optional<Line> v1 = membership.v1(controller);
      if (v1.isPresent()) {
        List<Mount> candidates =
            mounts.stream().filter(m -> !m.v2() && m.superOptions().contains(controller)).toList();
        if (candidates.isEmpty()) {
          problems.add(controller + ": its v1 hierarchy is not mounted here");
        } else {
          directory(controller, v1.get().path(), candidates, problems)
              .ifPresent(d -> dirs.put(controller, dir(controller, false, d, root)));
        }
      } else if (!controller.equals("cpuacct")) {
        // cpuacct exists on v1 only; v2's cpu.stat counts usage itself.
        onV2(controller, membership, mounts, root, problems)
            .ifPresent(d -> dirs.put(controller, d));
      }
    }
    return new Cgroups(version(membership, mounts), dirs, problems);
  }

  private static Optional<CgroupDir> onV2(
      String controller,
      CgroupMembership membership,
      List<Mount> mounts,
      Path root,
      List<String> problems)
      throws IOException {
    List<Mount> candidates = mounts.stream().filter(Mount::v2).toList();
    if (membership.v2().isEmpty() || candidates.isEmpty()) {
      problems.add(controller + ": in no mounted hierarchy");
      return Optional.empty();
    }
    Optional<String> path =
        directory(controller, membership.v2().get().path(), candidates, problems);
    if (path.isEmpty()) {
      return Optional.empty();
    }
    CgroupDir dir = dir(controller, true, path.get(), root);
    Optional<String> enabled = CgroupFiles.text(dir.files().resolve("cgroup.controllers"));
    if (enabled.isEmpty()) {
      // Every v2 directory has the file: the cgroup was removed since the process was listed.
      problems.add(controller + ": " + path.get() + "/cgroup.controllers is not there");
      return Optional.empty();
    }
    if (!List.of(enabled.get().split("\\s+")).contains(controller)) {
      problems.add(
          controller
              + ": not enabled in the cgroup2 tree ("
              + path.get()
              + "/cgroup.controllers: '"
              + enabled.get()
              + "')");
      return Optional.empty();
    }
    return Optional.of(dir);
  }

  /** The directory of the cgroup at {@code path}, below the mount whose root holds it. */
  private static Optional<String> directory(
      String controller, String path, List<Mount> mounts, List<String> problems) {
    Mount best = null;
    for (Mount m : mounts) {
      if (within(path, m.root()) && (best == null || m.root().length() > best.root().length())) {
        best = m;
      }
    }
    if (best == null) {
      Mount m = mounts.get(0);
      problems.add(
          controller
              + ": cgroup "
              + path
              + " is not visible: outside the root "
              + m.root()
              + " of the mount at "
              + m.mountPoint());
      return Optional.empty();
    }
    String below = best.root().equals("/") ? path : path.substring(best.root().length());
    String dir = (best.mountPoint().equals("/") ? "" : best.mountPoint()) + below;
    return Optional.of(
        dir.length() > 1 && dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir);
  }

  /**
   * Whether the cgroup is the mount's root or below it. A process outside the reader's cgroup
   * namespace shows with {@code ..} steps ({@code /../../other}), which no mount can reach.
   */
  private static boolean within(String path, String root) {
    if (("/" + path + "/").contains("/../")) {
      return false;
    }
    return root.equals("/") || path.equals(root) || path.startsWith(root + "/");
  }

  private static CgroupDir dir(String controller, boolean v2, String path, Path root) {
    return new CgroupDir(controller, v2, path, root.resolve(path.substring(1)));
  }

  /**
   * A hierarchy counts when the process is in it and the reader has it mounted. Named v1
   * hierarchies ({@code name=systemd}) hold no controller and do not count.
   */
  private static Optional<CgroupVersion> version(CgroupMembership membership, List<Mount> mounts) {
    boolean v1 =
        membership.lines().stream()
            .filter(l -> l.id() > 0)
            .flatMap(l -> l.controllers().stream())
            .filter(c -> !c.startsWith("name="))
            .anyMatch(c -> mounts.stream().anyMatch(m -> !m.v2() && m.superOptions().contains(c)));
    boolean v2 = membership.v2().isPresent() && mounts.stream().anyMatch(Mount::v2);
    if (v1) {
      return Optional.of(v2 ? CgroupVersion.HYBRID : CgroupVersion.V1);
    }
    return v2 ? Optional.of(CgroupVersion.V2) : Optional.empty();
  }

  /** Empty when the reader sees none of the process's hierarchies mounted. */
  public Optional<CgroupVersion> version() {
    return version;
  }

  public Optional<CgroupDir> memory() {
    return Optional.ofNullable(dirs.get("memory"));
  }

  public Optional<CgroupDir> cpu() {
    return Optional.ofNullable(dirs.get("cpu"));
  }

  /** On v1 only, where CPU usage is counted by its own controller. */
  public Optional<CgroupDir> cpuacct() {
    return Optional.ofNullable(dirs.get("cpuacct"));
  }

  /** Why a controller has no directory, one sentence each, such as a cgroup not visible here. */
  public List<String> problems() {
    return problems;
  }

  /** The memory controller's readings; empty when it has no directory. */
  public Optional<CgroupMemory> readMemory() throws IOException {
    return memory().isPresent() ? Optional.of(CgroupMemory.read(memory().get())) : Optional.empty();
  }

  /** The CPU controllers' readings; empty when neither cpu nor cpuacct has a directory. */
  public Optional<CgroupCpu> readCpu() throws IOException {
    if (cpu().isEmpty() && cpuacct().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(CgroupCpu.read(cpu(), cpuacct()));
  }
}
