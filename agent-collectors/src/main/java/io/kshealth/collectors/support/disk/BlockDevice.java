package io.kshealth.collectors.support.disk;

/**
 * A whole disk as the kernel names and describes it in {@code /sys/block/<name>}: the disk, never a
 * partition, because I/O statistics and cloud volume identities (an EBS volume id is the NVMe
 * serial) belong to the disk.
 *
 * @param name the kernel's name, such as {@code vda} or {@code nvme1n1}
 * @param majorMinor the disk's device number, {@code major:minor}, as in {@code /proc/diskstats}
 * @param model the model string, trimmed; empty when the driver reports none (virtio)
 * @param serial the serial number, trimmed; empty when the driver reports none
 * @param sizeBytes the disk's capacity
 * @param rotational whether the kernel treats it as a spinning disk
 */
public record BlockDevice(
    String name,
    String majorMinor,
    String model,
    String serial,
    long sizeBytes,
    boolean rotational) {}
