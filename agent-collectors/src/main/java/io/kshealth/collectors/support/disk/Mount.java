package io.kshealth.collectors.support.disk;

import java.nio.file.Path;

/**
 * One line of {@code /proc/self/mountinfo}, with its escapes decoded.
 *
 * @param majorMinor the device number of the filesystem, {@code major:minor}; {@code 0:N} for
 *     filesystems without a block device (tmpfs, overlay, NFS, and also btrfs)
 * @param mountPoint where it is mounted, as this process sees it
 * @param fsType the filesystem type, such as {@code ext4} or {@code fuse.sshfs}
 * @param source what was mounted, such as {@code /dev/nvme1n1p1} or {@code tmpfs}
 */
public record Mount(String majorMinor, Path mountPoint, String fsType, String source) {}
